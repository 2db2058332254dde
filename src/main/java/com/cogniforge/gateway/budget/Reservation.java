package com.cogniforge.gateway.budget;

/**
 * Money set aside for one call before it starts: its worst-case cost. Settled with the actual cost
 * when the call ends; until then it counts as spent, so concurrent calls cannot overrun the budget.
 *
 * <p>{@link DailyBudget} changes a reservation only while holding its lock, so that a resize (a
 * hedge or a fallback) and the settlement of the same call cannot interleave: once settled, a
 * reservation can no longer be changed, and nothing it held can be left behind in a ledger.
 */
public final class Reservation {

  private final long day;
  private double amountUsd;
  private boolean settled;
  private Long keyId;
  private Double keyLimitUsd;
  private long keyDay;
  private double keyAmountUsd;
  private String journalRef;

  Reservation(long day, double amountUsd) {
    this.day = day;
    this.amountUsd = amountUsd;
  }

  long day() {
    return day;
  }

  public synchronized double amountUsd() {
    return amountUsd;
  }

  synchronized void resize(double newAmount) {
    amountUsd = newAmount;
  }

  synchronized void attachKey(long keyId, Double limitUsd, long keyDay, double amountUsd) {
    this.keyId = keyId;
    this.keyLimitUsd = limitUsd;
    this.keyDay = keyDay;
    this.keyAmountUsd = amountUsd;
  }

  /** The client key whose ledger also holds this reservation, or null. */
  synchronized Long keyId() {
    return keyId;
  }

  /** The key's own daily budget, or null when it has none. */
  synchronized Double keyLimitUsd() {
    return keyLimitUsd;
  }

  /** The UTC day of the key's ledger this reservation was counted in. */
  synchronized long keyDay() {
    return keyDay;
  }

  synchronized double keyAmountUsd() {
    return keyAmountUsd;
  }

  synchronized void resizeKey(double amountUsd) {
    keyAmountUsd = amountUsd;
  }

  /** Its name in the {@link ReservationJournal}, or null when it is not journalled. */
  synchronized String journalRef() {
    return journalRef;
  }

  synchronized void journalled(String ref) {
    journalRef = ref;
  }

  synchronized boolean settled() {
    return settled;
  }

  synchronized boolean settle() {
    if (settled) {
      return false;
    }
    settled = true;
    return true;
  }
}
