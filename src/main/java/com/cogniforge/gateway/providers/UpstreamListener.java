package com.cogniforge.gateway.providers;

/**
 * Receives what an upstream call produces, in order, on one thread at a time. Exactly one of {@link
 * #onComplete} or {@link #onFailure} ends the call (unless it is cancelled, which ends it
 * silently).
 */
public interface UpstreamListener {

  /** A piece of generated text (never empty). */
  void onToken(String text);

  /** Token counts reported by the provider (usually in the last chunk). */
  void onUsage(int promptTokens, int completionTokens);

  void onComplete(String finishReason);

  void onFailure(UpstreamFailure failure);
}
