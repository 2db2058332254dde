package com.cogniforge.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's form login: throttles guessing, checks the password once, then keeps the login in
 * the HTTP session ({@link AdminAuthentication} reads it) under a fresh session id, so that a
 * session id planted before login is worthless after it.
 */
@ApplicationScoped
public class OperatorLogin {

  private static final Logger LOG = Logger.getLogger(OperatorLogin.class.getName());

  @Inject AdminAccount account;
  @Inject LoginThrottle throttle;

  @Inject
  @ConfigProperty(name = "ADMIN_SESSION_MINUTES", defaultValue = "30")
  int sessionMinutes;

  /** The result of an attempt; {@code retryAfter} is set when the client is locked out. */
  public record Result(boolean loggedIn, Duration retryAfter) {}

  public Result login(HttpServletRequest request, String user, char[] password) {
    String client = ClientAddress.of(request);
    String userKey = LoginThrottle.user(user);
    // Reserved before the hash, so parallel guesses cannot all reach it.
    Duration wait = throttle.reserve(client, userKey);
    if (!wait.isZero()) {
      return new Result(false, wait);
    }
    if (!account.matches(user, password)) {
      LOG.warning("console login failed from " + client);
      Duration byAddress = throttle.waitFor(client);
      Duration byUser = throttle.waitFor(userKey);
      return new Result(false, byAddress.compareTo(byUser) >= 0 ? byAddress : byUser);
    }
    throttle.succeeded(client, userKey);
    request.getSession(true);
    request.changeSessionId();
    HttpSession session = request.getSession();
    session.setAttribute(AdminAuthentication.SESSION_OPERATOR, account.user());
    session.setMaxInactiveInterval(Math.max(1, sessionMinutes) * 60);
    LOG.info("console login of " + account.user() + " from " + client);
    return new Result(true, Duration.ZERO);
  }
}
