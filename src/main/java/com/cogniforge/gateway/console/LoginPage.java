package com.cogniforge.gateway.console;

import com.cogniforge.gateway.security.OperatorLogin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import java.io.IOException;

/** {@code /admin/login}: the form login, and {@code /admin/login/out} to log out. */
@ApplicationScoped
public class LoginPage implements ConsolePage {

  @Inject OperatorLogin login;

  @Override
  public String path() {
    return "login";
  }

  @Override
  public void get(ConsoleExchange exchange, String action) throws IOException {
    if (exchange.operator() != null) {
      exchange.redirect(safeNext(exchange.param("next")));
      return;
    }
    exchange.put("next", safeNext(exchange.param("next")));
    exchange.put("loggedOut", exchange.request().getParameter("out") != null);
    exchange.render("login", "login");
  }

  @Override
  public void post(ConsoleExchange exchange, String action) throws IOException {
    if (action.equals("out")) {
      try {
        exchange.request().logout();
      } catch (ServletException alreadyOut) {
        // the session is invalidated below in any case
      }
      if (exchange.request().getSession(false) != null) {
        exchange.request().getSession(false).invalidate();
      }
      exchange.redirect("/admin/login?out");
      return;
    }
    String user = exchange.param("user");
    String password = exchange.request().getParameter("password");
    OperatorLogin.Result result =
        login.login(
            exchange.request(), user, password == null ? new char[0] : password.toCharArray());
    if (result.loggedIn()) {
      exchange.redirect(safeNext(exchange.param("next")));
      return;
    }
    long seconds = (result.retryAfter().toMillis() + 999) / 1000;
    if (seconds > 0) {
      exchange.status(429);
      exchange.response().setHeader("Retry-After", Long.toString(seconds));
      exchange.put("error", exchange.text("login.locked", seconds));
    } else {
      exchange.status(401);
      exchange.put("error", exchange.text("login.invalid"));
    }
    exchange.put("user", user);
    exchange.put("next", safeNext(exchange.param("next")));
    exchange.render("login", "login");
  }

  /** Only a console path: never another site (an open redirect) nor the login page itself. */
  static String safeNext(String next) {
    if (next.startsWith("/admin/")
        && !next.startsWith("/admin/login")
        && !next.contains("//")
        && !next.contains("\\")
        && next.chars().noneMatch(c -> c < 0x20)) {
      return next;
    }
    return "/admin/status";
  }
}
