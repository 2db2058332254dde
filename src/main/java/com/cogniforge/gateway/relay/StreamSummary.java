package com.cogniforge.gateway.relay;

/**
 * How a successful stream ended.
 *
 * @param usageEstimated true when the provider reported no token counts and the gateway estimated
 *     them
 * @param ttftMs time to first token, or {@code null} if no token came
 * @param cachedPromptTokens of the prompt tokens, those the provider read from its cache (0 when
 *     unknown)
 * @param reasoningTokens of the completion tokens, those spent reasoning (0 when unknown)
 * @param cacheWriteTokens of the prompt tokens, those the provider wrote to its cache (0 when
 *     unknown)
 */
public record StreamSummary(
    String finishReason,
    int promptTokens,
    int completionTokens,
    boolean usageEstimated,
    double costUsd,
    Long ttftMs,
    long totalMs,
    int cachedPromptTokens,
    int reasoningTokens,
    int cacheWriteTokens) {

  /** A summary without usage details (estimates). */
  public StreamSummary(
      String finishReason,
      int promptTokens,
      int completionTokens,
      boolean usageEstimated,
      double costUsd,
      Long ttftMs,
      long totalMs) {
    this(
        finishReason,
        promptTokens,
        completionTokens,
        usageEstimated,
        costUsd,
        ttftMs,
        totalMs,
        0,
        0,
        0);
  }

  /** The same summary with the stream's cost. */
  public StreamSummary withCost(double usd) {
    return new StreamSummary(
        finishReason,
        promptTokens,
        completionTokens,
        usageEstimated,
        usd,
        ttftMs,
        totalMs,
        cachedPromptTokens,
        reasoningTokens,
        cacheWriteTokens);
  }
}
