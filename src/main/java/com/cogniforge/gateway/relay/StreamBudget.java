package com.cogniforge.gateway.relay;

/**
 * The money side of one stream as the relay sees it: what its models cost and the reservation it
 * holds in the budget, grown for a fallback or a hedge and settled once at the end.
 */
public interface StreamBudget {

  /** What a call to {@code model} can cost at most: the whole prompt and the completion cap. */
  double worstCase(String model);

  /**
   * What a call to {@code model} costs for these token counts; {@code cachedPromptTokens} (read
   * from the provider's prompt cache) and {@code cacheWriteTokens} (written to it) are part of
   * {@code promptTokens}, each priced at the model's price for them.
   */
  double cost(
      String model,
      int promptTokens,
      int cachedPromptTokens,
      int cacheWriteTokens,
      int completionTokens);

  /**
   * The model to price a call at: the one the provider says answered, when it differs from the
   * routed one and has a price of its own (an operator who lets keys send OpenRouter's {@code
   * models} accepts that another model may answer; it is billed at its price), else the routed one.
   */
  default String pricedModel(String routed, String reported) {
    return routed;
  }

  /** What is reserved now. */
  double reservedUsd();

  /** Changes the reservation; false (and unchanged) when the budget cannot grow it. */
  boolean resize(double usd);

  /** Ends the reservation with what the stream actually cost. */
  void settle(double actualUsd);
}
