package com.cogniforge.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.cluster.SingleNode;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.UsageStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DailyBudgetTest {

  private static DailyBudget budget(double usd, double alreadySpent) {
    return budget(usd, alreadySpent, new SingleNode());
  }

  /** A budget on the given cluster, as one gateway instance has it. */
  static DailyBudget budget(double usd, double alreadySpent, Cluster cluster) {
    DailyBudget budget = new DailyBudget();
    budget.settings =
        GatewaySettings.withValues(
            Map.of(
                Setting.LLM_DAILY_BUDGET, String.valueOf(usd),
                Setting.BUDGET_DOWNGRADE_THRESHOLDS, "GENIUS:0.5,SMART:0.2,FAST:0.05",
                Setting.BUDGET_EXHAUSTED_MODE, "reject"));
    budget.defaultMaxTokens = 1024;
    budget.cluster = cluster;
    budget.prices = PriceTable.of(budget.settings, ModelCatalogue.of(""));
    budget.usage =
        new UsageStore() {
          @Override
          public double costSince(Instant from) {
            return alreadySpent;
          }
        };
    return budget;
  }

  @Test
  void concurrentReservationsNeverExceedTheBudget() throws Exception {
    DailyBudget budget = budget(1.0, 0);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger granted = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      pool.submit(
          () -> {
            go.await();
            Optional<Reservation> r = budget.tryReserve(0.03);
            if (r.isPresent()) {
              granted.incrementAndGet();
              budget.settle(r.get(), 0.03);
            }
            return null;
          });
    }
    go.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    // 33 x 0.03 = 0.99; a 34th would pass 1.00. Near the limit a reservation may be refused while
    // another's addition is being taken back: never more, at worst a few fewer.
    assertTrue(granted.get() <= 33 && granted.get() >= 30, "granted " + granted.get());
    assertTrue(budget.snapshot().spentUsd() <= 1.0);
    assertEquals(0, budget.snapshot().reservedUsd(), 1e-9);
  }

  @Test
  void settlingReleasesWhatWasNotSpent() {
    DailyBudget budget = budget(1.0, 0);
    Reservation r = budget.tryReserve(0.9).orElseThrow();
    assertTrue(budget.tryReserve(0.2).isEmpty());
    budget.settle(r, 0.1);
    assertTrue(budget.tryReserve(0.2).isPresent());
    budget.settle(r, 0.1); // settling twice changes nothing
    assertEquals(0.1, budget.snapshot().spentUsd(), 1e-9);
  }

  @Test
  void tiersArePausedAsTheBudgetShrinks() {
    assertEquals(Tier.GENIUS, budget(10, 0).highestTier());
    assertEquals(Tier.SMART, budget(10, 6).highestTier());
    assertEquals(Tier.FAST, budget(10, 8.5).highestTier());
    assertEquals(Tier.NANO, budget(10, 9.7).highestTier());
  }

  @Test
  void spendRecordedBeforeARestartCounts() {
    DailyBudget budget = budget(1.0, 0.95);
    assertTrue(budget.tryReserve(0.1).isEmpty());
    assertTrue(budget.tryReserve(0.04).isPresent());
  }

  @Test
  void resizingForAFallbackCannotOverrun() {
    DailyBudget budget = budget(1.0, 0);
    Reservation r = budget.tryReserve(0.5).orElseThrow();
    assertTrue(budget.resize(r, 0.9));
    assertFalse(budget.resize(r, 1.1));
    assertEquals(0.9, budget.snapshot().reservedUsd(), 1e-9);
  }

  @Test
  void exhaustedErrorIs429UntilMidnight() {
    var error = budget(1.0, 1.0).exhausted();
    assertEquals(429, error.status());
    assertEquals("budget_exhausted", error.code());
    assertTrue(error.retryAfterSeconds() > 0 && error.retryAfterSeconds() <= 86_400);
  }

  @Test
  void aKeysBudgetAndTheGatewaysAreReservedTogetherOrNotAtAll() {
    GatewaySettings settings = GatewaySettings.withValues(Map.of(Setting.LLM_DAILY_BUDGET, "1.0"));
    DailyBudget budget =
        DailyBudget.of(
            settings,
            new UsageStore() {
              @Override
              public double costSince(Instant from) {
                return 0;
              }

              @Override
              public double costSince(Instant from, long keyId) {
                return 0;
              }
            },
            new SingleNode());
    Reservation first = budget.reserve(0.03, 7L, 0.05);
    com.cogniforge.gateway.ApiError refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            com.cogniforge.gateway.ApiError.class, () -> budget.reserve(0.03, 7L, 0.05));
    assertEquals("key_budget_exhausted", refused.code());
    assertEquals(0.03, budget.snapshot().reservedUsd(), 1e-9, "the gateway's share was undone");
    budget.reserve(0.03, 8L, 0.05); // another key is not affected

    budget.settle(first, 0.01);
    assertEquals(0.01, budget.snapshot().spentUsd(), 1e-9);
    budget.reserve(0.03, 7L, 0.05); // 0.01 spent + 0.03 fits the key's 0.05 again
  }
}
