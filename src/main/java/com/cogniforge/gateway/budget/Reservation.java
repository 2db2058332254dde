package com.cogniforge.gateway.budget;

/**
 * Money set aside for one call before it starts: its worst-case cost. Settled with the actual cost
 * when the call ends; until then it counts as spent, so concurrent calls cannot overrun the budget.
 */
public final class Reservation {

  private final long day;
  private double amountUsd;
  private boolean settled;
  private Long keyId;
  private double keyLimitUsd;
  private double keyAmountUsd;

  Reservation(long day, double amountUsd) {
    this.day = day;
    this.amountUsd = amountUsd;
  }

  long day() {
    return day;
  }

  public double amountUsd() {
    return amountUsd;
  }

  synchronized void resize(double newAmount) {
    amountUsd = newAmount;
  }

  void attachKey(long keyId, double limitUsd, double amountUsd) {
    this.keyId = keyId;
    this.keyLimitUsd = limitUsd;
    this.keyAmountUsd = amountUsd;
  }

  /** The client key whose own budget also holds this reservation, or null. */
  Long keyId() {
    return keyId;
  }

  double keyLimitUsd() {
    return keyLimitUsd;
  }

  double keyAmountUsd() {
    return keyAmountUsd;
  }

  void resizeKey(double amountUsd) {
    keyAmountUsd = amountUsd;
  }

  synchronized boolean settle() {
    if (settled) {
      return false;
    }
    settled = true;
    return true;
  }
}
