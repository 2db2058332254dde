package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.budget.Reservation;
import com.cogniforge.gateway.relay.StreamBudget;

/** One stream's reservation in the daily budget (and its key's), as the relay uses it. */
final class ReservedBudget implements StreamBudget {

  private final DailyBudget budget;
  private final PriceTable prices;
  private final Reservation reservation;
  private final int promptTokens;
  private final Integer maxTokens;

  ReservedBudget(
      DailyBudget budget,
      PriceTable prices,
      Reservation reservation,
      int promptTokens,
      Integer maxTokens) {
    this.budget = budget;
    this.prices = prices;
    this.reservation = reservation;
    this.promptTokens = promptTokens;
    this.maxTokens = maxTokens;
  }

  @Override
  public double worstCase(String model) {
    return budget.worstCase(model, promptTokens, maxTokens);
  }

  @Override
  public double cost(
      String model,
      int promptTokens,
      int cachedPromptTokens,
      int cacheWriteTokens,
      int completionTokens) {
    return prices.cost(model, promptTokens, cachedPromptTokens, cacheWriteTokens, completionTokens);
  }

  @Override
  public String pricedModel(String routed, String reported) {
    if (reported == null || reported.equals(routed) || !prices.hasOwnPrice(reported)) {
      return routed; // a dated version or alias without a price of its own: the routed price
    }
    return reported;
  }

  @Override
  public double reservedUsd() {
    return reservation.amountUsd();
  }

  @Override
  public boolean resize(double usd) {
    return budget.resize(reservation, usd);
  }

  @Override
  public void settle(double actualUsd) {
    budget.settle(reservation, actualUsd);
  }
}
