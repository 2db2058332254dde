package com.cogniforge.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link HazelcastCluster} on two real grid members, as two gateway instances have it. */
class HazelcastClusterTest {

  private static TwoMemberGrid grid;

  @BeforeAll
  static void startGrid() {
    grid = new TwoMemberGrid();
  }

  @AfterAll
  static void stopGrid() {
    grid.close();
  }

  @Test
  void bothMembersSeeOneCluster() {
    assertEquals(2, grid.first.members());
    assertEquals(2, grid.second.members());
  }

  @Test
  void countersAreExactUnderConcurrentChangesFromBothMembers() throws Exception {
    String name = "counter-" + UUID.randomUUID();
    ExecutorService threads = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      SharedCounter counter = (i % 2 == 0 ? grid.first : grid.second).counter(name);
      long delta = i % 3 == 0 ? -7 : 11;
      all.add(
          threads.submit(
              () -> {
                go.await();
                return counter.addAndGet(delta);
              }));
    }
    go.countDown();
    for (Future<?> f : all) {
      f.get(60, TimeUnit.SECONDS);
    }
    threads.shutdown();
    long expected = 134 * -7L + 266 * 11L;
    assertEquals(expected, grid.first.counter(name).get());
    assertEquals(expected, grid.second.counter(name).get());
    assertTrue(grid.first.counter(name).compareAndSet(expected, 0));
    assertFalse(grid.second.counter(name).compareAndSet(expected, 1), "already changed");
  }

  @Test
  void textsAndMessagesReachTheOtherMember() throws Exception {
    grid.first.put("shared-texts", "k", () -> "an answer", Duration.ofMinutes(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (grid.second.get("shared-texts", "k").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals("an answer", grid.second.get("shared-texts", "k").orElseThrow());

    CountDownLatch heard = new CountDownLatch(1);
    grid.second.subscribe("changes", message -> heard.countDown());
    grid.first.publish("changes", "settings");
    assertTrue(heard.await(5, TimeUnit.SECONDS));
  }

  @Test
  void sharedTextsAreBoundedInBytesNotEntries() throws Exception {
    try (TwoMemberGrid small = new TwoMemberGrid(4)) {
      String answer = "x".repeat(100_000); // a long cached answer, about 100 KB stored
      for (int i = 0; i < 300; i++) {
        small.first.put("shared-texts", "k" + i, () -> answer, Duration.ofMinutes(5));
      }
      int kept = 0;
      for (int i = 0; i < 300; i++) {
        kept += small.second.get("shared-texts", "k" + i).isPresent() ? 1 : 0;
      }
      // 30 MB offered, 4 MB per member allowed (a copy and a backup of each entry): at most about
      // 80 entries fit on the two members; a bound of 10,000 entries kept all 300.
      assertTrue(kept > 0 && kept <= 100, kept + " of 300 kept");
    }
  }
}
