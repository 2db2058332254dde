package com.cogniforge.gateway.relay;

/**
 * The money side of one stream as the relay sees it: what its models cost and the reservation it
 * holds in the budget, grown for a fallback or a hedge and settled once at the end.
 */
public interface StreamBudget {

  /** What a call to {@code model} can cost at most: the whole prompt and the completion cap. */
  double worstCase(String model);

  /**
   * What a call to {@code model} costs for these token counts; {@code cachedPromptTokens} are part
   * of {@code promptTokens}, priced at the model's cached-input price.
   */
  double cost(String model, int promptTokens, int cachedPromptTokens, int completionTokens);

  /** What is reserved now. */
  double reservedUsd();

  /** Changes the reservation; false (and unchanged) when the budget cannot grow it. */
  boolean resize(double usd);

  /** Ends the reservation with what the stream actually cost. */
  void settle(double actualUsd);
}
