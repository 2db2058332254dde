package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.http.LocalAddress;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Where a chat request came in.
 *
 * @param requestId the client's {@code X-Request-Id} when it is sane, else a new one
 * @param endpoint which API was called ({@code stream}, {@code chat.completions}, {@code messages}
 *     or {@code responses})
 * @param selfBaseUrl this gateway's address as the request reached it, where the simulated provider
 *     lives
 * @param clientKey the client's key, or null for an anonymous call (allowed in development mode)
 * @param noCache the client sent {@code Cache-Control: no-cache}: no cached answer for it
 */
public record RequestInfo(
    String requestId, String endpoint, String selfBaseUrl, ClientKey clientKey, boolean noCache) {

  public static final String NATIVE = "stream";
  public static final String OPENAI = "chat.completions";
  public static final String MESSAGES = "messages";
  public static final String RESPONSES = "responses";

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  public static RequestInfo of(HttpServletRequest request, String endpoint) {
    String given = request.getHeader("X-Request-Id");
    String id =
        given != null && SAFE_ID.matcher(given).matches()
            ? given
            : "req_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    return new RequestInfo(
        id,
        endpoint,
        LocalAddress.baseUrl(request),
        (ClientKey) request.getAttribute(ClientKey.ATTRIBUTE),
        noCache(request.getHeader("Cache-Control")));
  }

  /** The client key's id for the usage record, or null for an anonymous call. */
  public Long clientKeyId() {
    return clientKey == null ? null : clientKey.id();
  }

  /** The start of this request's usage record, with what the client asked. */
  public UsageRecord.Builder usage(Instant startedAt, boolean streamed, String requestedModel) {
    return UsageRecord.builder(startedAt, requestId, endpoint)
        .request(streamed, requestedModel)
        .clientKey(clientKeyId());
  }

  /** The record of a request refused before it reached a provider. */
  public UsageRecord refused(boolean streamed, String requestedModel, ApiError error) {
    return usage(Instant.now(), streamed, requestedModel)
        .outcome(Outcome.REJECTED, error.code())
        .build();
  }

  private static boolean noCache(String cacheControl) {
    return cacheControl != null
        && (cacheControl.toLowerCase(java.util.Locale.ROOT).contains("no-cache")
            || cacheControl.toLowerCase(java.util.Locale.ROOT).contains("no-store"));
  }
}
