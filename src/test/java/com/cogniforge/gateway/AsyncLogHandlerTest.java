package com.cogniforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AsyncLogHandlerTest {

  /** Standard output behind a full pipe: every write waits until the test releases it. */
  static final class BlockedOutput extends Handler {
    final CountDownLatch unblocked = new CountDownLatch(1);
    final List<String> written = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void publish(LogRecord record) {
      try {
        unblocked.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.add(record.getMessage());
      threads.add(Thread.currentThread().getName());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private final Logger gateway = Logger.getLogger("com.cogniforge.gateway.logtest");
  private final Logger log = Logger.getLogger("com.cogniforge.gateway.logtest.RelayedStream");
  private final BlockedOutput output = new BlockedOutput();
  private AsyncLogHandler async;

  @AfterEach
  void uninstall() {
    output.unblocked.countDown();
    if (async != null) {
      async.uninstall();
    }
    gateway.removeHandler(output);
    gateway.setUseParentHandlers(true);
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // it hung before
  void loggingNeverWaitsForABlockedOutputAndCountsWhatItDrops() throws Exception {
    gateway.addHandler(output);
    gateway.setUseParentHandlers(false);
    async = AsyncLogHandler.install(gateway, 1000);

    long start = System.nanoTime();
    for (int i = 0; i < 10_000; i++) {
      log.info("request " + i + " done");
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 2000, "10,000 log calls took " + millis + " ms");
    assertTrue(async.dropped() >= 8000, "dropped: " + async.dropped());

    output.unblocked.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (output.written.stream().noneMatch(m -> m.endsWith("log records dropped"))
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(
        output.written.stream().anyMatch(m -> m.matches("\\d+ log records dropped")),
        "the drop is reported");
    assertTrue(output.written.contains("request 0 done"), "what fitted is written");
  }

  @Test
  void eachRecordIsWrittenOnceAndTheLoggerIsRestoredAfterwards() throws Exception {
    gateway.addHandler(output);
    output.unblocked.countDown();
    async = AsyncLogHandler.install(gateway, 100);
    assertFalse(gateway.getUseParentHandlers(), "the parents' handlers are written to by us");
    log.info("once");
    async.uninstall();
    async = null;
    assertEquals(List.of("once"), output.written);
    assertEquals(
        List.of(Thread.currentThread().getName()),
        output.threads,
        "written under the name of the thread that logged it (the server's formatter prints it)");
    assertTrue(gateway.getUseParentHandlers());
    assertEquals(List.of(output), List.of(gateway.getHandlers()));
  }
}
