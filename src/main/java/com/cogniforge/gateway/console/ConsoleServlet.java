package com.cogniforge.gateway.console;

import com.cogniforge.gateway.security.CsrfToken;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operator console at {@code /admin}: finds the page for the path and lets it answer. Every
 * POST must carry the session's CSRF token; {@code web.xml} has already made sure the operator is
 * logged in (except on the login page).
 */
@WebServlet(urlPatterns = "/admin/*")
public class ConsoleServlet extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(ConsoleServlet.class.getName());

  @Inject @Any Instance<ConsolePage> allPages;

  private ConsoleTemplates templates;
  private final Map<String, ConsolePage> pages = new HashMap<>();

  @Override
  public void init() {
    templates = new ConsoleTemplates(getServletContext());
    for (ConsolePage page : allPages) {
      pages.put(page.path(), page);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ConsoleExchange exchange = new ConsoleExchange(request, response, templates);
    String[] route = route(request);
    if (route[0].isEmpty()) {
      exchange.redirect("/admin/status");
      return;
    }
    ConsolePage page = pages.get(route[0]);
    if (page == null) {
      notFound(exchange);
      return;
    }
    page.get(exchange, route[1]);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    request.setCharacterEncoding("UTF-8");
    ConsoleExchange exchange = new ConsoleExchange(request, response, templates);
    String[] route = route(request);
    ConsolePage page = pages.get(route[0]);
    if (page == null) {
      notFound(exchange);
      return;
    }
    if (!CsrfToken.presentIn(request)) {
      // An expired session or a forged form: nothing changes, the operator starts again.
      exchange.status(403);
      exchange.put("message", exchange.text("error.csrf"));
      exchange.render("error", "error");
      return;
    }
    page.post(exchange, route[1]);
  }

  private static void notFound(ConsoleExchange exchange) throws IOException {
    exchange.status(404);
    exchange.put("message", exchange.text("error.not_found"));
    exchange.render("error", "error");
  }

  /**
   * A page that fails shows a plain error, never the container's page with the exception in it; the
   * details go to the log.
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    try {
      super.service(request, response);
    } catch (RuntimeException failed) {
      LOG.log(Level.SEVERE, "console page " + request.getRequestURI() + " failed", failed);
      if (!response.isCommitted()) {
        response.reset();
        response.setStatus(500);
        response.setContentType("text/plain;charset=UTF-8");
        response
            .getWriter()
            .write("The console failed to show this page; the log has the details.");
      }
    }
  }

  /** {@code /admin/settings/x} gives {@code ["settings", "x"]}. */
  private static String[] route(HttpServletRequest request) {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    int slash = path.indexOf('/');
    return slash < 0
        ? new String[] {path, ""}
        : new String[] {path.substring(0, slash), path.substring(slash + 1)};
  }
}
