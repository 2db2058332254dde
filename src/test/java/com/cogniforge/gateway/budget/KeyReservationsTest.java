package com.cogniforge.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.cluster.SingleNode;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.UsageStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The holes a key could slip through: holding the whole day in reservations, a reservation that
 * crosses midnight, a resize racing the settlement.
 */
class KeyReservationsTest {

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    volatile Instant now;

    MovableClock(String instant) {
      now = Instant.parse(instant);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static DailyBudget budget(double dailyUsd, Map<Setting, String> more) {
    return budget(dailyUsd, more, keyId -> 0);
  }

  /** Nothing spent by the gateway before; {@code keySpend} answers each key's spend of the day. */
  private static DailyBudget budget(
      double dailyUsd, Map<Setting, String> more, LongToDoubleFunction keySpend) {
    Map<Setting, String> values = new HashMap<>(more);
    values.put(Setting.LLM_DAILY_BUDGET, String.valueOf(dailyUsd));
    return DailyBudget.of(
        GatewaySettings.withValues(values),
        new UsageStore() {
          @Override
          public double costSince(Instant from) {
            return 0;
          }

          @Override
          public double costSince(Instant from, long keyId) {
            return keySpend.applyAsDouble(keyId);
          }
        },
        new SingleNode());
  }

  private static DailyBudget budget(double dailyUsd) {
    return budget(
        dailyUsd, Map.of(Setting.KEY_RESERVATION_CAP_USD, "0", Setting.KEY_RESERVATION_SHARE, "1"));
  }

  @Test
  void aKeyWithoutABudgetCannotHoldMoreThanItsCapInOpenReservations() {
    DailyBudget budget =
        budget(
            100, Map.of(Setting.KEY_RESERVATION_CAP_USD, "2", Setting.KEY_RESERVATION_SHARE, "1"));
    Reservation first = budget.reserve(1.5, 7L, null);
    ApiError refused = assertThrows(ApiError.class, () -> budget.reserve(1.0, 7L, null));
    assertEquals("key_reservation_cap", refused.code());
    assertEquals(429, refused.status(), "fits once the open request ends");
    assertEquals(1L, refused.retryAfterSeconds());
    assertEquals(1.5, budget.snapshot().reservedUsd(), 1e-9, "the gateway's share was undone");
    budget.reserve(1.0, 8L, null); // another key is not held back

    ApiError alone = assertThrows(ApiError.class, () -> budget.reserve(2.5, 9L, null));
    assertEquals(400, alone.status(), "could never fit: lower max_tokens");
    assertEquals("key_reservation_cap", alone.code());

    budget.settle(first, 0.1);
    budget.reserve(1.9, 7L, null); // released at settlement
  }

  @Test
  void oneKeyCannotHoldMoreThanItsShareOfTheRemainingBudget() {
    DailyBudget budget =
        budget(
            10, Map.of(Setting.KEY_RESERVATION_CAP_USD, "0", Setting.KEY_RESERVATION_SHARE, "0.5"));
    Reservation big = budget.reserve(4.0, 7L, null);
    ApiError refused = assertThrows(ApiError.class, () -> budget.reserve(1.5, 7L, null));
    assertEquals("key_budget_share", refused.code());
    assertEquals(429, refused.status());
    // Everyone else still finds the other half.
    Reservation other = budget.reserve(4.5, 8L, null);
    budget.settle(big, 4.0);
    budget.settle(other, 0);
    // $6 left of the day: one key may now hold $3.
    assertEquals(
        "key_budget_share",
        assertThrows(ApiError.class, () -> budget.reserve(3.5, 7L, null)).code());
    budget.reserve(2.9, 7L, null);
  }

  @Test
  void aHedgeCannotGrowAReservationPastTheKeysCap() {
    DailyBudget budget =
        budget(
            100, Map.of(Setting.KEY_RESERVATION_CAP_USD, "2", Setting.KEY_RESERVATION_SHARE, "1"));
    Reservation r = budget.reserve(1.5, 7L, null);
    assertFalse(budget.resize(r, 3.0));
    assertEquals(1.5, budget.snapshot().reservedUsd(), 1e-9);
    assertTrue(budget.resize(r, 1.9));
    assertTrue(budget.resize(r, 0.5), "shrinking always works");
    budget.reserve(1.5, 7L, null);
  }

  @Test
  void requestsWithoutAKeyAreNotHeldToAKeysCap() {
    DailyBudget budget =
        budget(
            100,
            Map.of(Setting.KEY_RESERVATION_CAP_USD, "2", Setting.KEY_RESERVATION_SHARE, "0.5"));
    budget.reserve(3, null, null);
    budget.reserve(3, null, null);
  }

  @Test
  void aKeysReservationSettledAfterMidnightDoesNotFreeTheNewDaysReservations() {
    DailyBudget budget = budget(100);
    MovableClock clock = new MovableClock("2026-12-01T23:59:59Z");
    budget.clock(clock);
    Reservation yesterday = budget.reserve(0.6, 7L, 1.0);

    clock.now = Instant.parse("2026-12-02T00:00:01Z");
    Reservation today = budget.reserve(0.6, 7L, 1.0); // a new day: the key's $1 is whole again
    budget.settle(yesterday, 0.1); // paid from today's budget; releases nothing of today's

    // Today: $0.1 spent and $0.6 reserved of the key's $1.
    ApiError refused = assertThrows(ApiError.class, () -> budget.reserve(0.5, 7L, 1.0));
    assertEquals("key_budget_exhausted", refused.code());
    budget.reserve(0.3, 7L, 1.0);
    budget.settle(today, 0.6);
    assertEquals(0.7, budget.keyBudgets.spentToday(7L), 1e-9);
  }

  @Test
  void aKeysReservationResizedAfterMidnightLeavesTheNewDaysLedgerAlone() {
    DailyBudget budget = budget(100);
    MovableClock clock = new MovableClock("2026-12-01T23:59:59Z");
    budget.clock(clock);
    Reservation yesterday = budget.reserve(0.6, 7L, 1.0);
    clock.now = Instant.parse("2026-12-02T00:00:01Z");
    Reservation today = budget.reserve(0.9, 7L, 1.0);
    assertTrue(budget.resize(yesterday, 0.1)); // a fallback to a cheaper model
    // Shrinking yesterday's reservation must not have made room in today's $1.
    assertThrows(ApiError.class, () -> budget.reserve(0.5, 7L, 1.0));
    budget.settle(yesterday, 0);
    budget.settle(today, 0);
    assertEquals(0, budget.keyBudgets.heldBy(7L), 1e-9);
  }

  @Test
  void theGatewaysLedgerOfANewDayIsNotChargedWithYesterdaysReservation() {
    DailyBudget budget = budget(1.0);
    MovableClock clock = new MovableClock("2026-12-01T23:59:59Z");
    budget.clock(clock);
    Reservation yesterday = budget.tryReserve(0.9).orElseThrow();
    clock.now = Instant.parse("2026-12-02T00:00:01Z");
    assertEquals(0, budget.snapshot().reservedUsd(), 1e-9);
    assertTrue(budget.tryReserve(0.8).isPresent(), "the new day starts whole");
    budget.settle(yesterday, 0.1);
    assertEquals(0.1, budget.snapshot().spentUsd(), 1e-9);
    assertEquals(0.8, budget.snapshot().reservedUsd(), 1e-9);
  }

  @Test
  void aResizeAfterTheSettlementIsANoOp() {
    DailyBudget budget = budget(1.0);
    Reservation r = budget.reserve(0.2, 7L, 1.0);
    budget.settle(r, 0.1);
    assertFalse(budget.resize(r, 0.5), "the call is over: nothing to grow");
    assertEquals(0, budget.snapshot().reservedUsd(), 1e-9, "nothing left until midnight");
    assertEquals(0, budget.keyBudgets.heldBy(7L), 1e-9);
    budget.reserve(0.9, 7L, 1.0); // the key's $1 less the $0.1 spent
  }

  @Test
  void hedgesResizingWhileStreamsSettleLeakNothing() throws Exception {
    DailyBudget budget = budget(1000);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 50; round++) {
        List<Reservation> open = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          open.add(budget.reserve(0.5, (long) (i % 4), 1000.0));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        for (Reservation r : open) {
          work.add(
              threads.submit(
                  () -> {
                    go.await();
                    return budget.resize(r, 1.0);
                  }));
          work.add(
              threads.submit(
                  () -> {
                    go.await();
                    budget.settle(r, 0.25);
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> f : work) {
          f.get(10, TimeUnit.SECONDS);
        }
      }
    } finally {
      threads.shutdownNow();
    }
    DailyBudget.Snapshot after = budget.snapshot();
    assertEquals(0, after.reservedUsd(), 1e-9, "a resize outlived its settlement");
    assertEquals(50 * 40 * 0.25, after.spentUsd(), 1e-6);
    for (long key = 0; key < 4; key++) {
      assertEquals(0, budget.keyBudgets.heldBy(key), 1e-9);
    }
  }

  @Test
  void capsSayWhyAndLetSmallerRequestsThrough() {
    ReservationCaps caps = new ReservationCaps(2, 0.5, 10);
    assertNull(caps.refusal(1, 0.9));
    ApiError share = new ReservationCaps(0, 0.5, 1).refusal(0.4, 0.2);
    assertNotNull(share);
    assertTrue(share.getMessage().contains("50%"), share.getMessage());
  }

  /**
   * Reading a key's spend of the day from a hung database (its first request of the day) must not
   * hold up other keys: their settlements run on relay threads, which never wait on the database.
   */
  @Test
  void aKeyWhoseSpendIsReadFromAHungDatabaseHoldsUpNoOtherKey() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch databaseBack = new CountDownLatch(1);
    DailyBudget budget =
        budget(
            100,
            Map.of(),
            keyId -> {
              if (keyId == 2) {
                reading.countDown();
                try {
                  databaseBack.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return 0;
            });
    Reservation first = budget.reserve(0.01, 1L, 5.0); // key 1's day is read at once
    ExecutorService admission = Executors.newSingleThreadExecutor();
    ExecutorService relay = Executors.newSingleThreadExecutor();
    try {
      Future<Reservation> second = admission.submit(() -> budget.reserve(0.01, 2L, 5.0));
      assertTrue(reading.await(5, TimeUnit.SECONDS));
      Future<Reservation> again =
          relay.submit(
              () -> {
                budget.settle(first, 0.005);
                return budget.reserve(0.01, 1L, 5.0);
              });
      assertNotNull(again.get(2, TimeUnit.SECONDS), "key 1 waited for key 2's database read");
      assertFalse(second.isDone(), "key 2's read is still hanging");
      assertEquals(0.005, budget.keyBudgets.spentToday(1L), 1e-9);
      databaseBack.countDown();
      assertNotNull(second.get(5, TimeUnit.SECONDS));
    } finally {
      databaseBack.countDown();
      admission.shutdownNow();
      relay.shutdownNow();
    }
  }

  @Test
  void aKeyWhoseSpendCannotBeReadIsRefusedWithA503AndHoldsNothing() {
    DailyBudget budget =
        budget(
            100,
            Map.of(),
            keyId -> {
              throw new IllegalStateException("connection attempt failed");
            });
    ApiError refused = assertThrows(ApiError.class, () -> budget.reserve(0.01, 7L, 5.0));
    assertEquals(503, refused.status());
    assertEquals("key_budget_unavailable", refused.code());
    assertEquals(0, budget.snapshot().reservedUsd(), 1e-9, "the gateway's share was undone");
    assertEquals(0, budget.keyBudgets.heldBy(7L), 1e-9);
  }
}
