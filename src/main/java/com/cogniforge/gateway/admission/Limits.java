package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.RateLimits;
import com.cogniforge.gateway.relay.ChatInput;
import java.util.OptionalLong;

/**
 * A client key's limits on one request: its completion cap ({@code max_tokens} refused above it,
 * set to it when the client set none) and its requests and tokens per minute. What the rate limit
 * takes is given back if a later stage refuses the request.
 */
final class Limits {

  /** A request within its key's limits, and how to undo what was taken. */
  record Granted(ChatInput input, Runnable giveBack) {}

  private final RateLimits rates;

  Limits(RateLimits rates) {
    this.rates = rates;
  }

  Granted take(ClientKey key, ChatInput input, int promptTokens) {
    if (key == null) {
      return new Granted(input, () -> {});
    }
    Integer cap = key.limits().maxTokens();
    Integer asked = input.request().maxTokens();
    if (cap != null && asked != null && asked > cap) {
      throw ApiError.badRequest(
          "max_tokens_too_large", "this API key allows max_tokens up to " + cap);
    }
    OptionalLong wait = rates.admit(key, promptTokens);
    if (wait.isPresent()) {
      throw new ApiError(
          429, "rate_limit_exceeded", "this API key's rate limit is reached", wait.getAsLong());
    }
    return new Granted(
        cap != null && asked == null ? input.withMaxTokens(cap) : input,
        () -> rates.giveBack(key, promptTokens));
  }
}
