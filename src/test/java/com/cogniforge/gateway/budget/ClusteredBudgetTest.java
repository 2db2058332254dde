package com.cogniforge.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.cluster.TwoMemberGrid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Two instances' budgets on one real two-member grid: together they cannot overrun it. */
class ClusteredBudgetTest {

  @Test
  void twoInstancesReservingAtOnceStayWithinTheSharedBudget() throws Exception {
    try (TwoMemberGrid grid = new TwoMemberGrid()) {
      // Each instance finds $0.40 already recorded today: the day's ledger counts it once.
      DailyBudget a = DailyBudgetTest.budget(1.0, 0.40, grid.first);
      DailyBudget b = DailyBudgetTest.budget(1.0, 0.40, grid.second);
      assertEquals(0.40, a.snapshot().spentUsd(), 1e-9);
      assertEquals(0.40, b.snapshot().spentUsd(), 1e-9, "opened once, not added twice");

      ExecutorService threads = Executors.newFixedThreadPool(16);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Optional<Reservation>>> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        DailyBudget instance = i % 2 == 0 ? a : b;
        all.add(
            threads.submit(
                () -> {
                  go.await();
                  return instance.tryReserve(0.03);
                }));
      }
      go.countDown();
      int granted = 0;
      for (Future<Optional<Reservation>> f : all) {
        granted += f.get(60, TimeUnit.SECONDS).isPresent() ? 1 : 0;
      }
      threads.shutdown();
      // $0.60 left: 20 reservations of $0.03 fit, a 21st would overrun.
      assertTrue(granted <= 20 && granted >= 17, "granted " + granted);
      DailyBudget.Snapshot seenByB = b.snapshot();
      assertEquals(granted * 0.03, seenByB.reservedUsd(), 1e-9);
      assertTrue(seenByB.spentUsd() + seenByB.reservedUsd() <= 1.0 + 1e-9);
    }
  }
}
