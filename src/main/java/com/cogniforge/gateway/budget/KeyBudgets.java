package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Daily budgets of client keys, with the same reserve-then-settle rule as the gateway's own budget
 * and on top of it: a call must fit both. A key's spend is rebuilt from its usage records at the
 * start of each day it is used, so restarts do not reset it.
 */
@ApplicationScoped
public class KeyBudgets {

  @Inject UsageStore usage;

  private static final class Ledger {
    long day = -1;
    double spentUsd;
    double reservedUsd;
  }

  private final Map<Long, Ledger> ledgers = new HashMap<>();

  /** Attaches the key's share to {@code reservation}; false if the key's budget cannot take it. */
  synchronized boolean tryReserve(
      Reservation reservation, long keyId, double limitUsd, double amountUsd) {
    Ledger ledger = current(keyId);
    if (ledger.spentUsd + ledger.reservedUsd + amountUsd > limitUsd + 1e-12) {
      return false;
    }
    ledger.reservedUsd += amountUsd;
    reservation.attachKey(keyId, limitUsd, amountUsd);
    return true;
  }

  synchronized boolean resize(Reservation reservation, double amountUsd) {
    Ledger ledger = current(reservation.keyId());
    double delta = amountUsd - reservation.keyAmountUsd();
    if (delta > 0
        && ledger.spentUsd + ledger.reservedUsd + delta > reservation.keyLimitUsd() + 1e-12) {
      return false;
    }
    ledger.reservedUsd = Math.max(0, ledger.reservedUsd + delta);
    reservation.resizeKey(amountUsd);
    return true;
  }

  synchronized void settle(Reservation reservation, double actualUsd) {
    Ledger ledger = current(reservation.keyId());
    ledger.reservedUsd = Math.max(0, ledger.reservedUsd - reservation.keyAmountUsd());
    ledger.spentUsd += actualUsd;
  }

  /** Spent today by the key, for the console. */
  public synchronized double spentToday(long keyId) {
    return current(keyId).spentUsd;
  }

  ApiError exhausted(double limitUsd) {
    return new ApiError(
        429,
        "key_budget_exhausted",
        String.format(
            Locale.ROOT,
            "this API key's daily budget of $%.2f is spent; it resets at 00:00 UTC",
            limitUsd),
        DailyBudget.secondsToMidnightUtc());
  }

  private Ledger current(long keyId) {
    Ledger ledger = ledgers.computeIfAbsent(keyId, id -> new Ledger());
    long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
    if (ledger.day != today) {
      Instant start = LocalDate.ofEpochDay(today).atStartOfDay().toInstant(ZoneOffset.UTC);
      ledger.spentUsd = usage.costSince(start, keyId);
      ledger.reservedUsd = 0;
      ledger.day = today;
    }
    return ledger;
  }
}
