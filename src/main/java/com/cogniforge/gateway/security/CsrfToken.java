package com.cogniforge.gateway.security;

import com.cogniforge.gateway.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Synchronizer tokens against cross-site request forgery: one random token per HTTP session, put in
 * every console form and required on every state-changing console request (on top of the
 * SameSite=Strict session cookie).
 */
public final class CsrfToken {

  public static final String FIELD = "_csrf";
  public static final String HEADER = "X-CSRF-Token";
  private static final String ATTRIBUTE = CsrfToken.class.getName();
  private static final SecureRandom RANDOM = new SecureRandom();

  private CsrfToken() {}

  /** The session's token, made (with the session) on first use. */
  public static String of(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    Object token = session.getAttribute(ATTRIBUTE);
    if (token == null) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      session.setAttribute(ATTRIBUTE, token);
    }
    return (String) token;
  }

  /** Whether the request carries its session's token (form field or header). */
  public static boolean presentIn(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
    String sent = request.getParameter(FIELD);
    if (sent == null) {
      sent = request.getHeader(HEADER);
    }
    return expected != null
        && sent != null
        && MessageDigest.isEqual(
            ((String) expected).getBytes(StandardCharsets.UTF_8),
            sent.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * For the admin JSON APIs' state-changing calls: a caller authenticated by the console's session
   * cookie (no Authorization header) must also send the token, in the {@value #HEADER} header. And
   * a call a browser marks as coming from another site is refused even with an Authorization
   * header: a browser replays cached HTTP Basic credentials on a forged cross-site request. Scripts
   * (curl with Basic) send neither {@code Origin} nor {@code Sec-Fetch-Site} and are unaffected.
   */
  public static void requireForCookieCallers(HttpServletRequest request) {
    if (crossSite(
        request.getHeader("Sec-Fetch-Site"),
        request.getHeader("Origin"),
        request.getHeader("Host"))) {
      throw new ApiError(403, "cross_site_request", "requests from other sites are refused");
    }
    if (request.getHeader("Authorization") == null && !presentIn(request)) {
      throw new ApiError(403, "csrf_token_missing", "send the console's X-CSRF-Token header");
    }
  }

  /**
   * Whether a browser says the request comes from another site: {@code Sec-Fetch-Site} other than
   * same-origin or none (typed by the user), or an {@code Origin} whose host is not the one the
   * request was sent to. The port is not compared: NGINX's {@code $host} drops it.
   */
  static boolean crossSite(String fetchSite, String origin, String host) {
    if (fetchSite != null
        && !fetchSite.equalsIgnoreCase("same-origin")
        && !fetchSite.equalsIgnoreCase("none")) {
      return true;
    }
    if (origin == null) {
      return false; // not a browser, or a same-origin GET/HEAD of an older one
    }
    if (host == null) {
      return true;
    }
    try {
      String originHost = URI.create(origin.trim()).getHost();
      String requestHost = URI.create("http://" + host.trim()).getHost();
      return originHost == null || requestHost == null || !originHost.equalsIgnoreCase(requestHost);
    } catch (IllegalArgumentException malformed) {
      return true; // includes "null", sent from sandboxed frames and data: URLs
    }
  }
}
