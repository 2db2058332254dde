package com.cogniforge.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Credential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The console's form login: throttles guessing, checks the password once, then logs the operator in
 * through Jakarta Security (which keeps the login in the HTTP session) under a fresh session id so
 * that a session id planted before login is worthless after it.
 */
@ApplicationScoped
public class OperatorLogin {

  private static final Logger LOG = Logger.getLogger(OperatorLogin.class.getName());

  @Inject AdminAccount account;
  @Inject LoginThrottle throttle;
  @Inject SecurityContext securityContext;

  @Inject
  @ConfigProperty(name = "ADMIN_SESSION_MINUTES", defaultValue = "30")
  int sessionMinutes;

  /** The result of an attempt; {@code retryAfter} is set when the client is locked out. */
  public record Result(boolean loggedIn, Duration retryAfter) {}

  /** A credential this class has already checked: only it can make one. */
  static final class CheckedOperator implements Credential {
    private final String name;

    private CheckedOperator(String name) {
      this.name = name;
    }

    String name() {
      return name;
    }
  }

  public Result login(
      HttpServletRequest request, HttpServletResponse response, String user, char[] password) {
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
    AuthenticationStatus status =
        securityContext.authenticate(
            request,
            response,
            AuthenticationParameters.withParams()
                .credential(new CheckedOperator(account.user()))
                .newAuthentication(true));
    if (status != AuthenticationStatus.SUCCESS) {
      return new Result(false, Duration.ZERO);
    }
    request.changeSessionId();
    request.getSession().setMaxInactiveInterval(Math.max(1, sessionMinutes) * 60);
    LOG.info("console login of " + account.user() + " from " + client);
    return new Result(true, Duration.ZERO);
  }
}
