package com.cogniforge.gateway.providers;

/**
 * Receives what an upstream call produces, in order, on one thread at a time. Exactly one of {@link
 * #onComplete} or {@link #onFailure} ends the call (unless it is cancelled, which ends it
 * silently).
 */
public interface UpstreamListener {

  /** A piece of generated text (never empty). */
  void onToken(String text);

  /**
   * A chunk with more than plain text (tool calls, reasoning, refusal, logprobs...), as the
   * provider wrote it. A listener that only wants text may keep this default.
   */
  default void onDelta(UpstreamDelta delta) {
    if (delta.text() != null && !delta.text().isEmpty()) {
      onToken(delta.text());
    }
  }

  /** Token counts reported by the provider (usually in the last chunk). */
  void onUsage(int promptTokens, int completionTokens);

  /**
   * The parts of the reported usage priced or shown apart, each -1 when not reported: prompt tokens
   * read from the provider's prompt cache, and completion tokens spent reasoning (already counted
   * in the completion tokens).
   */
  default void onUsageDetails(int cachedPromptTokens, int reasoningTokens) {}

  /**
   * Of the reported prompt tokens, those the provider wrote to its prompt cache (priced apart:
   * Anthropic charges 1.25 times input for them). Called only when reported.
   */
  default void onCacheWriteTokens(int tokens) {}

  /**
   * The provider now called, named before its call starts: first the route's first provider, then
   * each one a failover moves to.
   */
  default void onProvider(String provider) {}

  /** The model the provider says answered, from its first chunk that names one. */
  default void onServedModel(String model) {}

  /**
   * The provider's own top-level fields of its answer ({@code system_fingerprint}, {@code
   * service_tier}...), as JSON members without braces, from its first chunk, before that chunk's
   * output; passed on to OpenAI clients as they are.
   */
  default void onProviderFields(String members) {}

  /**
   * Back-pressure from the client: true if the output so far has been taken (read on), so the call
   * may read more from the provider; otherwise false, and {@code resume} runs once when the client
   * has room. Meanwhile the call reads nothing more, and the provider's connection fills up and
   * stops it, instead of the gateway buffering what a slow client has not read.
   */
  default boolean awaitRoom(Runnable resume) {
    return true;
  }

  void onComplete(String finishReason);

  void onFailure(UpstreamFailure failure);
}
