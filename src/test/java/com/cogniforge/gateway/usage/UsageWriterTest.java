package com.cogniforge.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.CapturedLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsageWriterTest {

  /** A database that can be down, and refuses any row whose model is "poison". */
  static final class FakeSink implements RecordSink {
    final List<String> saved = new ArrayList<>();
    boolean down;
    int saveCalls;

    @Override
    public void saveAll(List<UsageRecord> records) {
      saveCalls++;
      if (down) {
        throw new IllegalStateException("connection refused");
      }
      for (UsageRecord record : records) {
        if ("poison".equals(record.requestedModel())) {
          throw new IllegalArgumentException("invalid byte sequence");
        }
      }
      for (UsageRecord record : records) {
        saved.add(record.requestId());
      }
    }

    @Override
    public boolean reachable() {
      return !down;
    }
  }

  private final FakeSink sink = new FakeSink();
  private long now;
  private CapturedLog log;

  @BeforeEach
  void captureLog() {
    log = CapturedLog.of(UsageWriter.class);
  }

  @AfterEach
  void releaseLog() {
    log.close();
  }

  private UsageWriter writer(int capacity) {
    return new UsageWriter(sink, capacity, 3, 2, () -> now);
  }

  private static UsageRecord record(String id, String model) {
    return UsageRecord.builder(Instant.EPOCH, id, "native")
        .request(true, model)
        .served(model, "simulated", "FAST")
        .tokens(1, 1, false)
        .timing(1L, 1)
        .outcome(Outcome.OK, null)
        .build();
  }

  /** Ticks of the background writer, 25 ms apart. */
  private void tick(UsageWriter writer, int times) {
    for (int i = 0; i < times; i++) {
      writer.writeDue();
      now += TimeUnit.MILLISECONDS.toNanos(25);
    }
  }

  @Test
  void aRefusedRowIsSetAsideAfterItsTriesAndSinksNoOtherRow() {
    UsageWriter writer = writer(100);
    writer.offer(record("bad", "poison"));
    for (int i = 1; i <= 7; i++) {
      writer.offer(record("ok-" + i, "m"));
    }
    tick(writer, 1);
    assertEquals(7, sink.saved.size(), "the other rows of the batch are written at once");
    tick(writer, 5);
    UsageBacklog backlog = writer.backlog();
    assertEquals(0, backlog.queued(), "the refused row is no longer retried");
    assertEquals(1, backlog.setAside());
    assertEquals(1, backlog.heldAside());
    assertEquals("bad", writer.setAsideRows().get(0).requestId());
    assertEquals(1, warnings(), "one line for the row set aside");
  }

  @Test
  void rowsSetAsideAreKeptInMemoryUpToABound() {
    UsageWriter writer = writer(100);
    for (int i = 0; i < 5; i++) {
      writer.offer(record("bad-" + i, "poison"));
    }
    tick(writer, 5);
    assertEquals(5, writer.backlog().setAside());
    assertEquals(2, writer.backlog().heldAside());
    assertEquals("bad-4", writer.setAsideRows().get(1).requestId());
  }

  @Test
  void anOutageIsLoggedOnceBacksOffAndLosesNothing() {
    UsageWriter writer = writer(10_000);
    sink.down = true;
    for (int i = 0; i < 1000; i++) {
      writer.offer(record("r-" + i, "m"));
    }
    tick(writer, 400); // 10 s
    assertTrue(writer.backlog().databaseDown());
    assertTrue(sink.saveCalls <= 10, "tries while down: " + sink.saveCalls);
    assertEquals(1, warnings(), "one line per outage");

    sink.down = false;
    now += TimeUnit.SECONDS.toNanos(30);
    tick(writer, 1);
    assertEquals(1000, sink.saved.size());
    assertEquals("r-0", sink.saved.get(0), "in the order they came");
    assertEquals("r-999", sink.saved.get(999));
    UsageBacklog backlog = writer.backlog();
    assertFalse(backlog.databaseDown());
    assertEquals(0, backlog.setAside(), "an outage counts against no row");
    assertEquals(0, backlog.queued());
    assertEquals(1, warnings());
    assertEquals(
        1, log.records().stream().filter(r -> r.getLevel() == Level.INFO).count(), "recovery");
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfGrowing() {
    UsageWriter writer = writer(10);
    for (int i = 0; i < 15; i++) {
      writer.offer(record("r-" + i, "m"));
    }
    assertEquals(10, writer.backlog().queued());
    assertEquals(5, writer.backlog().dropped());
  }

  @Test
  void waitingForFreshRecordsReturnsAtOnceWhileTheDatabaseIsDown() throws Exception {
    UsageWriter writer = writer(100);
    sink.down = true;
    writer.offer(record("r", "m"));
    tick(writer, 1);
    long start = System.nanoTime();
    assertFalse(writer.awaitWritten(Duration.ofSeconds(5), false));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));

    sink.down = false;
    now += TimeUnit.SECONDS.toNanos(1);
    Thread background = new Thread(() -> tick(writer, 1));
    background.start();
    assertTrue(writer.awaitWritten(Duration.ofSeconds(5), true));
    background.join();
  }

  @Test
  void atExitTheRestGoesToAnotherSinkRowByRowIfNeeded() throws Exception {
    UsageWriter writer = writer(100);
    writer.offer(record("ok-1", "m"));
    writer.offer(record("bad", "poison"));
    writer.offer(record("ok-2", "m"));
    FakeSink jdbc = new FakeSink();
    assertEquals(1, writer.writeRemaining(jdbc, Duration.ofSeconds(1)));
    assertEquals(List.of("ok-1", "ok-2"), jdbc.saved);
  }

  private long warnings() {
    return log.records().stream().filter(r -> r.getLevel() == Level.WARNING).count();
  }
}
