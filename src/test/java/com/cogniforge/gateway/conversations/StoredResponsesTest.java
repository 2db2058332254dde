package com.cogniforge.gateway.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StoredResponsesTest {

  private final ExecutorService workers = Executors.newSingleThreadExecutor();
  private final CountDownLatch databaseBack = new CountDownLatch(1);

  @AfterEach
  void stop() {
    databaseBack.countDown();
    workers.shutdownNow();
  }

  @Test
  void aLookupTheDatabaseDoesNotAnswerIsGivenUpAfterTheWait() {
    long started = System.nanoTime();
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                StoredResponses.withinWait(
                    workers,
                    Duration.ofMillis(200),
                    () -> databaseBack.await(30, TimeUnit.SECONDS)));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMillis >= 190 && tookMillis < 5_000, "waited " + tookMillis + " ms");
    assertTrue(refused.getMessage().contains("did not answer within 200 ms"), refused.getMessage());
  }

  @Test
  void aLookupQueuedBehindAHungOneNeverRuns() throws Exception {
    AtomicBoolean ran = new AtomicBoolean();
    workers.submit(() -> databaseBack.await(30, TimeUnit.SECONDS)); // the one worker hangs
    assertThrows(
        IllegalStateException.class,
        () ->
            StoredResponses.withinWait(workers, Duration.ofMillis(100), () -> ran.getAndSet(true)));
    databaseBack.countDown();
    workers.shutdown();
    assertTrue(workers.awaitTermination(5, TimeUnit.SECONDS));
    assertEquals(false, ran.get(), "a lookup whose caller gave up still reached the database");
  }

  @Test
  void anAnswerWithinTheWaitIsReturnedAndAFailureRethrown() {
    assertEquals(
        "found", StoredResponses.withinWait(workers, Duration.ofSeconds(5), () -> "found"));
    IllegalArgumentException failure = new IllegalArgumentException("refused");
    assertSame(
        failure,
        assertThrows(
            IllegalArgumentException.class,
            () ->
                StoredResponses.withinWait(
                    workers,
                    Duration.ofSeconds(5),
                    () -> {
                      throw failure;
                    })));
  }
}
