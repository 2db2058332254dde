package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.ApiError;
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
 * reason, and repeated bad keys from one address are slowed down like bad passwords.
 */
@WebFilter(
    urlPatterns = {"/v1/*", "/api/v1/stream/*"},
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
    String client = ClientAddress.of(request);
    Duration wait = throttle.waitFor(client);
    if (!wait.isZero()) {
      LoginThrottle.lockedOut(
              "too_many_invalid_keys",
              "too many invalid API keys from this address; try again later",
              wait)
          .writeTo(response);
      return;
    }
    Optional<ClientKey> key =
        authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? keys.authenticate(authorization.substring(7).trim())
            : Optional.empty();
    if (key.isEmpty()) {
      throttle.failed(client);
      LOG.warning("invalid API key from " + client); // never the key itself
      refuse(response, "invalid_api_key", "invalid API key");
      return;
    }
    throttle.succeeded(client);
    request.setAttribute(ClientKey.ATTRIBUTE, key.get());
    chain.doFilter(request, response);
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
