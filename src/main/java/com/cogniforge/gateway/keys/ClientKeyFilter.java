package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.security.AdminAuthentication;
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
 * with {@code Authorization: Bearer <key>} (or, on {@code /v1/messages}, {@code x-api-key: <key>})
 * must carry a usable key, and without one it passes only when anonymous calls are allowed ({@code
 * REQUIRE_API_KEY}; by default only in development mode, that is, simulated provider and no
 * provider key). Every refusal is the same 401 whatever the reason, and repeated bad keys from one
 * address are slowed down like bad passwords. {@code /api/v1/route} needs a key too (it reveals the
 * budget and routing); there and on the metrics the operator (console session or HTTP Basic) may
 * call without one.
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

  /** Anthropic's Messages API: its clients get Anthropic's error shape and may use x-api-key. */
  private static final String MESSAGES = "/v1/messages";

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
        && request.isUserInRole(AdminAuthentication.ADMIN_ROLE)) {
      chain.doFilter(request, response); // the operator, logged in by security/
      return;
    }
    boolean anthropic = AdminAuthentication.pathOf(request).startsWith(MESSAGES);
    String presented = presentedKey(request, anthropic);
    if (!keys.keyRequired() && (presented == null || !presented.startsWith("cfk_"))) {
      // Anonymous calls allowed: OpenAI and Anthropic SDKs insist on sending some key ("unused",
      // "sk-..."), which is not ours and is ignored; a cfk_ key is still checked, so a revoked one
      // is noticed.
      chain.doFilter(request, response);
      return;
    }
    if (presented == null) { // an empty or non-Bearer Authorization is an invalid key, below
      refuse(
          response,
          anthropic,
          "missing_api_key",
          anthropic
              ? "send your key as x-api-key: <key> or Authorization: Bearer <key>"
              : "send your key as Authorization: Bearer <key>");
      return;
    }
    Optional<ClientKey> key = keys.authenticate(presented);
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
      ApiError locked =
          LoginThrottle.lockedOut(
              "too_many_invalid_keys",
              "too many invalid API keys from this address; try again later",
              wait);
      if (anthropic) {
        locked.writeAnthropicTo(response, anthropicRequestId(response));
      } else {
        locked.writeTo(response);
      }
      return;
    }
    LOG.warning("invalid API key from " + client); // never the key itself
    refuse(response, anthropic, "invalid_api_key", "invalid API key");
  }

  /**
   * The key the client presents: {@code Authorization: Bearer <key>}, and on the Messages API also
   * {@code x-api-key} (what Anthropic's SDKs and Claude Code send with an API key; with an auth
   * token they send Bearer). An Authorization header that is not Bearer presents an empty key.
   * Returns null when no key is presented at all.
   */
  private static String presentedKey(HttpServletRequest request, boolean anthropic) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && !authorization.isBlank()) {
      return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
          ? authorization.substring(7).trim()
          : "";
    }
    String apiKey = anthropic ? request.getHeader("x-api-key") : null;
    return apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
  }

  /** Anthropic's clients show the request-id of a failed call: a refusal here has one too. */
  private static String anthropicRequestId(HttpServletResponse response) {
    String id =
        "req_"
            + Long.toHexString(
                java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    response.setHeader("request-id", id);
    return id;
  }

  private static void refuse(
      HttpServletResponse response, boolean anthropic, String code, String message)
      throws IOException {
    response.setHeader("WWW-Authenticate", "Bearer realm=\"CogniForge\"");
    ApiError error = new ApiError(401, code, message);
    if (anthropic) {
      error.writeAnthropicTo(response, anthropicRequestId(response));
    } else {
      error.writeTo(response);
    }
  }
}
