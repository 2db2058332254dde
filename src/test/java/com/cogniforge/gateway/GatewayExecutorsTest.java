package com.cogniforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayExecutorsTest {

  private final GatewayExecutors executors = new GatewayExecutors();
  private final CountDownLatch databaseHangs = new CountDownLatch(1);

  @BeforeEach
  void start() {
    executors.containerThreads =
        new ManagedThreadFactory() {
          @Override
          public Thread newThread(Runnable task) {
            return new Thread(task);
          }

          @Override
          public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            return ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          }
        };
    executors.start();
  }

  @AfterEach
  void stop() {
    databaseHangs.countDown();
    executors.stop();
  }

  /** A reload whose database query never returns (until the test ends). */
  private void hungReload() {
    try {
      databaseHangs.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aHungReloadDoesNotDelayTheTimerTasksDueAtTheSameTime() throws Exception {
    executors.every(Duration.ofMillis(20), "reloading settings", this::hungReload);
    CountDownLatch heartbeat = new CountDownLatch(1);
    long scheduled = System.nanoTime();
    executors.timers().schedule(heartbeat::countDown, 50, TimeUnit.MILLISECONDS);
    assertTrue(heartbeat.await(2, TimeUnit.SECONDS), "the heartbeat never fired");
    long lateMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - scheduled) - 50;
    assertTrue(lateMillis < 500, "heartbeat late by " + lateMillis + " ms");
  }

  @Test
  void aReloadStillRunningIsNotStartedAgain() throws Exception {
    AtomicInteger started = new AtomicInteger();
    executors.every(
        Duration.ofMillis(10),
        "reloading keys",
        () -> {
          started.incrementAndGet();
          hungReload();
        });
    Thread.sleep(300);
    assertEquals(1, started.get(), "runs started while the first one hangs");
  }
}
