package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.security.AdminAuthentication;
import com.cogniforge.gateway.security.AdminIdentityStore;
import com.cogniforge.gateway.security.ClientAddress;
import com.cogniforge.gateway.security.LoginThrottle;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Client authentication on the client APIs ({@code /v1/*}, {@code /api/v1/stream/*}): a request
 * with {@code Authorization: Bearer <key>} must carry a usable key, and without one it passes only
 * when anonymous calls are allowed ({@code REQUIRE_API_KEY}; by default only in development mode,
 * that is, simulated provider and no provider key). Every refusal is the same 401 whatever the
 * reason, and repeated bad keys from one address are slowed down like bad passwords. {@code
 * /api/v1/route} needs a key too (it reveals the budget and routing); there and on the metrics the
 * operator (console session or HTTP Basic) may call without one.
 *
 * <p>The lock-out only ever refuses invalid keys: a valid key is checked first and always served,
 * because behind a NAT or a shared proxy one misconfigured application would otherwise lock every
 * tenant of that address out. Checking a key during a lock-out stays cheap: a prefix lookup and a
 * salted SHA-256 of the few stored keys sharing that prefix.
 */
@WebFilter(
    urlPatterns = {"/v1/*", "/api/v1/stream/*", "/api/v1/route"},
    asyncSupported = true)
public class ClientKeyFilter extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(ClientKeyFilter.class.getName());

  @Inject ClientKeys keys;
  @Inject KeyThrottle throttle;

  /** Says loudly at start-up when anyone may call without a key. */
  @Override
  public void init() {
    if (!keys.keyRequired()) {
      LOG.warning(
          "ANONYMOUS CHAT ALLOWED: requests without an API key are served (development mode)."
              + " Set REQUIRE_API_KEY=true, or configure a provider key, before exposing the"
              + " gateway; create client keys in the console (/admin/keys).");
    }
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (AdminAuthentication.OPERATOR_OR_CLIENT.contains(AdminAuthentication.pathOf(request))
        && request.isUserInRole(AdminIdentityStore.ADMIN_ROLE)) {
      chain.doFilter(request, response); // the operator, logged in by security/
      return;
    }
    String authorization = request.getHeader("Authorization");
    if (!keys.keyRequired() && !presentsClientKey(authorization)) {
      // Anonymous calls allowed: OpenAI SDKs insist on sending some key ("unused", "sk-..."),
      // which is not ours and is ignored; a cfk_ key is still checked, so a revoked one is noticed.
      chain.doFilter(request, response);
      return;
    }
    if (authorization == null || authorization.isBlank()) {
      if (keys.keyRequired()) {
        refuse(response, "missing_api_key", "send your key as Authorization: Bearer <key>");
        return;
      }
      chain.doFilter(request, response);
      return;
    }
    Optional<ClientKey> key =
        authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? keys.authenticate(authorization.substring(7).trim())
            : Optional.empty();
    if (key.isPresent()) {
      // Served even while this address is locked out.
      throttle.succeeded(ClientAddress.of(request));
      request.setAttribute(ClientKey.ATTRIBUTE, key.get());
      chain.doFilter(request, response);
      return;
    }
    String client = ClientAddress.of(request);
    Duration wait = throttle.reserve(client);
    if (!wait.isZero()) {
      LoginThrottle.lockedOut(
              "too_many_invalid_keys",
              "too many invalid API keys from this address; try again later",
              wait)
          .writeTo(response);
      return;
    }
    LOG.warning("invalid API key from " + client); // never the key itself
    refuse(response, "invalid_api_key", "invalid API key");
  }

  private static boolean presentsClientKey(String authorization) {
    return authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && authorization.substring(7).trim().startsWith("cfk_");
  }

  private static void refuse(HttpServletResponse response, String code, String message)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer realm=\"CogniForge\"");
    new ApiError(401, code, message).writeTo(response);
  }
}
