package com.cogniforge.gateway.security;

import com.cogniforge.gateway.ApiError;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Who may use the console and the admin APIs: the operator, logged in by the console's form ({@link
 * OperatorLogin} keeps the login in the HTTP session) or, for scripts, by HTTP Basic on each
 * request. Requests to them without either: console pages redirect to the login form, APIs get a
 * 401 JSON error. Declared in web.xml, where its URL patterns are, so that it runs before the other
 * filters.
 *
 * <p>A plain filter on the operator's URLs rather than a Jakarta Security mechanism: the container
 * runs a mechanism (a JASPIC round, a JNDI look-up and permission checks) on every request, chat
 * calls included, and on this gateway that was a fifth of the HTTP threads' time for a chat call
 * (docs/BENCHMARKS.md). Chat requests never reach this class.
 */
public class AdminAuthentication extends HttpFilter {

  /** The role an operator's requests are in ({@code request.isUserInRole}). */
  public static final String ADMIN_ROLE = "admin";

  /**
   * Not protected (client keys may call them) but open to the operator too: a console session or
   * HTTP Basic counts there when present.
   */
  public static final Set<String> OPERATOR_OR_CLIENT =
      Set.of("/api/v1/route", "/api/v1/stream/metrics");

  /** The one path under the protected ones that anyone may reach. */
  private static final String LOGIN_FORM = "/admin/login";

  /** The session attribute that holds the logged-in operator's name. */
  static final String SESSION_OPERATOR = "cogniforge.operator";

  @Inject AdminAccount account;
  @Inject LoginThrottle throttle;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = pathOf(request);
    boolean loginForm = path.equals(LOGIN_FORM);
    String authorization = request.getHeader("Authorization");
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    String operator = sessionOperator(request);
    if (operator != null) {
      chain.doFilter(new OperatorRequest(request, operator), response);
    } else if (basic && !loginForm) {
      // Also on the operator-or-client paths: a script may use Basic there instead of a key.
      String user = basic(authorization.substring(6).trim(), request, response);
      if (user != null) {
        chain.doFilter(new OperatorRequest(request, user), response);
      }
    } else if (loginForm || OPERATOR_OR_CLIENT.contains(path)) {
      chain.doFilter(request, response);
    } else if (request.getServletPath().startsWith("/admin")) {
      redirectToLogin(request, response);
    } else {
      unauthorized(response, "authentication_required", "log in as the operator");
    }
  }

  private static String sessionOperator(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    try {
      return session == null ? null : (String) session.getAttribute(SESSION_OPERATOR);
    } catch (IllegalStateException invalidated) {
      return null;
    }
  }

  /** The operator's name if the Basic credentials are right; else the error is sent, and null. */
  private String basic(String encoded, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      decoded = "";
    }
    int colon = decoded.indexOf(':');
    String client = ClientAddress.of(request);
    String userKey = LoginThrottle.user(colon > 0 ? decoded.substring(0, colon) : "");
    // Reserved before the hash: parallel guesses beyond the free ones never reach it.
    Duration wait = throttle.reserve(client, userKey);
    if (!wait.isZero()) {
      send(
          response,
          LoginThrottle.lockedOut(
              "too_many_failed_logins", "too many failed logins; try again later", wait));
      return null;
    }
    if (colon > 0
        && account.matches(
            decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray())) {
      throttle.succeeded(client, userKey);
      return account.user();
    }
    unauthorized(response, "invalid_credentials", "wrong user name or password");
    return null;
  }

  /** The request's path inside the application, without matrix or query parts. */
  public static String pathOf(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  private static void redirectToLogin(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String target = pathOf(request);
    if (request.getQueryString() != null && "GET".equals(request.getMethod())) {
      target += "?" + request.getQueryString();
    }
    response.sendRedirect(
        request.getContextPath()
            + LOGIN_FORM
            + "?next="
            + URLEncoder.encode(target, StandardCharsets.UTF_8));
  }

  private static void unauthorized(HttpServletResponse response, String code, String message)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Basic realm=\"CogniForge admin\", charset=\"UTF-8\"");
    send(response, new ApiError(401, code, message, null));
  }

  private static void send(HttpServletResponse response, ApiError error) throws IOException {
    error.writeTo(response);
    response.flushBuffer(); // committed: WildFly would otherwise put its own error page in
  }
}
