package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Client keys' side of the budget, on top of the gateway's own: a call must fit both. Two things
 * are kept per key:
 *
 * <ul>
 *   <li>for a key with a daily budget, the day's ledger (spent, reserved), with the same
 *       reserve-then-settle rule as the gateway's; its spend is rebuilt from the key's usage
 *       records at the start of each day it is used, so restarts do not reset it;
 *   <li>for every key, what its open reservations hold, whatever day they were made: {@link
 *       ReservationCaps} limits it.
 * </ul>
 *
 * A reservation made before midnight and settled after it is paid from the new day (as in the
 * gateway's ledger), but it never releases anything from the new day's reserved amount: it was not
 * counted there.
 */
@ApplicationScoped
public class KeyBudgets {

  @Inject UsageStore usage;

  /** The UTC day comes from here; tests move it across midnight. */
  Clock clock = Clock.systemUTC();

  private static final class Ledger {
    long day = -1;
    double spentUsd;
    double reservedUsd;
  }

  private final Map<Long, Ledger> ledgers = new HashMap<>();
  private final Map<Long, Double> held = new HashMap<>();

  /** Spent by each key on {@code carriedDay} in calls a stop left unrecorded (the journal). */
  private Map<Long, Double> carried = Map.of();

  private long carriedDay = -1;

  /** What each key's calls of {@code day} may have cost without a usage record to show it. */
  synchronized void carry(long day, Map<Long, Double> byKey) {
    carriedDay = day;
    carried = Map.copyOf(byKey);
    for (Map.Entry<Long, Double> key : carried.entrySet()) {
      Ledger ledger = ledgers.get(key.getKey());
      if (ledger != null && ledger.day == day) {
        ledger.spentUsd += key.getValue();
      }
    }
  }

  /**
   * Attaches the key's share to {@code reservation}, or changes nothing and throws.
   *
   * @param limitUsd the key's daily budget, or null when it has none
   * @throws ApiError {@code key_budget_exhausted}, {@code key_reservation_cap} or {@code
   *     key_budget_share}
   */
  synchronized void reserve(
      Reservation reservation,
      long keyId,
      Double limitUsd,
      double amountUsd,
      ReservationCaps caps) {
    Ledger ledger = null;
    if (limitUsd != null) {
      ledger = current(keyId);
      if (ledger.spentUsd + ledger.reservedUsd + amountUsd > limitUsd + 1e-12) {
        throw exhausted(limitUsd);
      }
    }
    ApiError refused = caps.refusal(heldBy(keyId), amountUsd);
    if (refused != null) {
      throw refused;
    }
    if (ledger != null) {
      ledger.reservedUsd += amountUsd;
    }
    hold(keyId, amountUsd);
    reservation.attachKey(keyId, limitUsd, ledger != null ? ledger.day : today(), amountUsd);
  }

  /**
   * Changes the key's share of a reservation; false (and nothing changed) when it cannot grow.
   * {@code caps} is checked only for growth.
   */
  synchronized boolean resize(Reservation reservation, double amountUsd, ReservationCaps caps) {
    long keyId = reservation.keyId();
    double delta = amountUsd - reservation.keyAmountUsd();
    Ledger ledger = reservation.keyLimitUsd() == null ? null : current(keyId);
    if (ledger != null && ledger.day != reservation.keyDay()) {
      ledger = null; // made before midnight: not counted in today's ledger, nothing to change there
    }
    if (delta > 0) {
      if (ledger != null
          && ledger.spentUsd + ledger.reservedUsd + delta > reservation.keyLimitUsd() + 1e-12) {
        return false;
      }
      if (caps != null && caps.refusal(heldBy(keyId), delta) != null) {
        return false;
      }
    }
    if (ledger != null) {
      ledger.reservedUsd = Math.max(0, ledger.reservedUsd + delta);
    }
    hold(keyId, delta);
    reservation.resizeKey(amountUsd);
    return true;
  }

  synchronized void settle(Reservation reservation, double actualUsd) {
    long keyId = reservation.keyId();
    hold(keyId, -reservation.keyAmountUsd());
    if (reservation.keyLimitUsd() == null && !ledgers.containsKey(keyId)) {
      return; // no budget of its own and nobody asked for its spend yet
    }
    Ledger ledger = current(keyId);
    if (ledger.day == reservation.keyDay()) {
      ledger.reservedUsd = Math.max(0, ledger.reservedUsd - reservation.keyAmountUsd());
    }
    ledger.spentUsd += actualUsd;
  }

  /** Spent today by the key, for the console. */
  public synchronized double spentToday(long keyId) {
    return current(keyId).spentUsd;
  }

  /** What the key's open reservations hold now. */
  public synchronized double heldBy(long keyId) {
    return held.getOrDefault(keyId, 0.0);
  }

  private void hold(long keyId, double deltaUsd) {
    double now = heldBy(keyId) + deltaUsd;
    if (now > 1e-12) {
      held.put(keyId, now);
    } else {
      held.remove(keyId);
    }
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

  private long today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC)).toEpochDay();
  }

  private Ledger current(long keyId) {
    Ledger ledger = ledgers.computeIfAbsent(keyId, id -> new Ledger());
    long today = today();
    if (ledger.day != today) {
      Instant start = LocalDate.ofEpochDay(today).atStartOfDay().toInstant(ZoneOffset.UTC);
      ledger.spentUsd =
          usage.costSince(start, keyId)
              + (carriedDay == today ? carried.getOrDefault(keyId, 0.0) : 0);
      ledger.reservedUsd = 0;
      ledger.day = today;
    }
    return ledger;
  }
}
