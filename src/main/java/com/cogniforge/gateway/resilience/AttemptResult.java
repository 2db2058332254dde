package com.cogniforge.gateway.resilience;

import com.cogniforge.gateway.usage.Outcome;

/**
 * How one call to one model ended, as the quality monitor counts it.
 *
 * @param outcome success and failure count towards the success rate; an abandoned call (the client
 *     left, or a hedged twin won) does not, but its latency still counts
 * @param errorKind the failure's kind ({@code first_token_timeout}, {@code rate_limited}, ...),
 *     else null
 * @param ttftMs time to first token; for a call abandoned before its first token, the time it had
 *     waited (a lower bound, so slow models are not flattered by the calls they lost)
 * @param interTokenMs mean gap between tokens after the first, or null with fewer than two tokens
 * @param tokensPerSecond generation speed after the first token, or null with fewer than two tokens
 */
public record AttemptResult(
    Outcome outcome, String errorKind, Long ttftMs, Double interTokenMs, Double tokensPerSecond) {

  /** What a call came to. */
  public enum Outcome {
    SUCCESS,
    FAILURE,
    ABANDONED
  }
}
