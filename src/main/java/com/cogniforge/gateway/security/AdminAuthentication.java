package com.cogniforge.gateway.security;

import com.cogniforge.gateway.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * How an operator proves who they are (Jakarta Security). The console logs in with a form ({@link
 * OperatorLogin} checks the password, then hands a checked credential here) and keeps the login in
 * the HTTP session; scripts calling the admin APIs send HTTP Basic instead. Requests to protected
 * URLs without either: console pages redirect to the login form, APIs get a 401 JSON error. Chat
 * requests are not protected and pass through untouched.
 */
@ApplicationScoped
@AutoApplySession
public class AdminAuthentication implements HttpAuthenticationMechanism {

  /**
   * Not protected (client keys may call them) but open to the operator too: HTTP Basic is checked
   * there when sent. Only these: a Basic header on a chat call must not cost a password hash.
   */
  public static final Set<String> OPERATOR_OR_CLIENT =
      Set.of("/api/v1/route", "/api/v1/stream/metrics");

  @Inject IdentityStoreHandler identityStores;
  @Inject LoginThrottle throttle;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Credential credential = context.getAuthParameters().getCredential();
    if (credential instanceof OperatorLogin.CheckedOperator operator) {
      return context.notifyContainerAboutLogin(
          operator.name(), Set.of(AdminIdentityStore.ADMIN_ROLE));
    }
    if (credential != null) {
      return context.notifyContainerAboutLogin(identityStores.validate(credential));
    }
    String authorization = request.getHeader("Authorization");
    boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    if (!context.isProtected()) {
      // Open to client keys, but an operator script may use Basic instead of a key there.
      return basic && OPERATOR_OR_CLIENT.contains(pathOf(request))
          ? basic(authorization.substring(6).trim(), request, response, context)
          : context.doNothing();
    }
    if (basic) {
      return basic(authorization.substring(6).trim(), request, response, context);
    }
    if (request.getServletPath().startsWith("/admin")) {
      return redirectToLogin(request, response);
    }
    return unauthorized(response, "authentication_required", "log in as the operator");
  }

  private AuthenticationStatus basic(
      String encoded,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
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
      return send(
          response,
          LoginThrottle.lockedOut(
              "too_many_failed_logins", "too many failed logins; try again later", wait));
    }
    if (colon > 0) {
      CredentialValidationResult result =
          identityStores.validate(
              new UsernamePasswordCredential(
                  decoded.substring(0, colon), decoded.substring(colon + 1)));
      if (result.getStatus() == CredentialValidationResult.Status.VALID) {
        throttle.succeeded(client, userKey);
        return context.notifyContainerAboutLogin(result);
      }
    }
    return unauthorized(response, "invalid_credentials", "wrong user name or password");
  }

  /** The request's path inside the application, without matrix or query parts. */
  public static String pathOf(HttpServletRequest request) {
    return request.getRequestURI().substring(request.getContextPath().length());
  }

  private static AuthenticationStatus redirectToLogin(
      HttpServletRequest request, HttpServletResponse response) {
    String target = request.getRequestURI().substring(request.getContextPath().length());
    if (request.getQueryString() != null && "GET".equals(request.getMethod())) {
      target += "?" + request.getQueryString();
    }
    try {
      response.sendRedirect(
          request.getContextPath()
              + "/admin/login?next="
              + URLEncoder.encode(target, StandardCharsets.UTF_8));
    } catch (IOException gone) {
      // the client left; nothing to send
    }
    return AuthenticationStatus.SEND_CONTINUE;
  }

  private static AuthenticationStatus unauthorized(
      HttpServletResponse response, String code, String message) {
    response.setHeader("WWW-Authenticate", "Basic realm=\"CogniForge admin\", charset=\"UTF-8\"");
    return send(response, new ApiError(401, code, message, null));
  }

  /** Writes the error ourselves: SEND_CONTINUE tells the container the response is complete. */
  private static AuthenticationStatus send(HttpServletResponse response, ApiError error) {
    try {
      error.writeTo(response);
      response.flushBuffer(); // committed: WildFly would otherwise put its own error page in
    } catch (IOException gone) {
      // the client left
    }
    return AuthenticationStatus.SEND_CONTINUE;
  }
}
