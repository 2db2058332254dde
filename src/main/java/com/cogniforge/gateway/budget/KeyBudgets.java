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
import java.util.logging.Logger;

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
 *
 * <p>Reading a key's spend from the usage records happens before taking this object's lock, on the
 * admission thread ({@link #reserve}, {@link #spentToday}): settlements and resizes, which take the
 * lock on relay and timer threads, must never wait while the database is slow or hung. Only a
 * reservation made before midnight and settled or resized after it still reads the new day under
 * the lock (the first use of a key after midnight is usually a reservation, which reads first).
 */
@ApplicationScoped
public class KeyBudgets {

  private static final Logger LOG = Logger.getLogger(KeyBudgets.class.getName());

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
   * @throws ApiError {@code key_budget_exhausted}, {@code key_reservation_cap}, {@code
   *     key_budget_share}, or {@code key_budget_unavailable} (503) when the key's spend of the day
   *     cannot be read from the database
   */
  void reserve(
      Reservation reservation,
      long keyId,
      Double limitUsd,
      double amountUsd,
      ReservationCaps caps) {
    if (limitUsd != null) {
      loadToday(keyId);
    }
    reserveLoaded(reservation, keyId, limitUsd, amountUsd, caps);
  }

  private synchronized void reserveLoaded(
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
  public double spentToday(long keyId) {
    loadToday(keyId);
    synchronized (this) {
      return current(keyId).spentUsd;
    }
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
      open(ledger, keyId, today, usage.costSince(startOf(today), keyId));
    }
    return ledger;
  }

  /**
   * Makes the key's ledger today's, reading what its records say it spent today without holding the
   * lock (see the class comment); a no-op when it already is today's.
   */
  private void loadToday(long keyId) {
    long today;
    synchronized (this) {
      today = today();
      Ledger ledger = ledgers.get(keyId);
      if (ledger != null && ledger.day == today) {
        return;
      }
    }
    double recorded;
    try {
      recorded = usage.costSince(startOf(today), keyId);
    } catch (RuntimeException unreadable) {
      // Without the day's spend the key's budget cannot be checked: refuse clearly, not a 500.
      LOG.warning("the spend of client key " + keyId + " cannot be read: " + unreadable);
      throw new ApiError(
          503,
          "key_budget_unavailable",
          "this API key's spend today cannot be read right now; try again shortly",
          5L);
    }
    synchronized (this) {
      Ledger ledger = ledgers.computeIfAbsent(keyId, id -> new Ledger());
      if (ledger.day != today) { // else another thread opened it meanwhile: keep its figures
        open(ledger, keyId, today, recorded);
      }
    }
  }

  private void open(Ledger ledger, long keyId, long day, double recordedUsd) {
    ledger.spentUsd = recordedUsd + (carriedDay == day ? carried.getOrDefault(keyId, 0.0) : 0);
    ledger.reservedUsd = 0;
    ledger.day = day;
  }

  private static Instant startOf(long day) {
    return LocalDate.ofEpochDay(day).atStartOfDay().toInstant(ZoneOffset.UTC);
  }
}
