package com.cogniforge.gateway.relay;

/**
 * How a successful stream ended.
 *
 * @param usageEstimated true when the provider reported no token counts and the gateway estimated
 *     them
 * @param ttftMs time to first token, or {@code null} if no token came
 */
public record StreamSummary(
    String finishReason,
    int promptTokens,
    int completionTokens,
    boolean usageEstimated,
    double costUsd,
    Long ttftMs,
    long totalMs) {

  /** The same summary with the stream's cost. */
  public StreamSummary withCost(double usd) {
    return new StreamSummary(
        finishReason, promptTokens, completionTokens, usageEstimated, usd, ttftMs, totalMs);
  }
}
