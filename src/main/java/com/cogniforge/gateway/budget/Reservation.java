package com.cogniforge.gateway.budget;

/**
 * Money set aside for one call before it starts: its worst-case cost. Settled with the actual cost
 * when the call ends; until then it counts as spent, so concurrent calls cannot overrun the budget.
 */
public final class Reservation {

  private final long day;
  private double amountUsd;
  private boolean settled;

  Reservation(long day, double amountUsd) {
    this.day = day;
    this.amountUsd = amountUsd;
  }

  long day() {
    return day;
  }

  double amountUsd() {
    return amountUsd;
  }

  void resize(double newAmount) {
    amountUsd = newAmount;
  }

  boolean settle() {
    if (settled) {
      return false;
    }
    settled = true;
    return true;
  }
}
