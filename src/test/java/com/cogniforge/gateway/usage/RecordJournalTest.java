package com.cogniforge.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed with {@code kill -9} while records waited in the writer's queue: the journal
 * gives them back at the next start, each once, with every figure it had.
 */
class RecordJournalTest {

  @TempDir Path data;

  /** The usage_record table as the recovery sees it: rows by their journal name. */
  private static final class Table implements RecordRecovery.Rows {
    final List<UsageRecord> rows = new ArrayList<>();
    final Set<String> refusedRequests = new HashSet<>();

    @Override
    public Set<String> journalled(Collection<String> refs) {
      Set<String> found = new HashSet<>();
      rows.forEach(
          r -> {
            if (refs.contains(r.journalRef())) {
              found.add(r.journalRef());
            }
          });
      return found;
    }

    @Override
    public void saveAll(List<UsageRecord> records) {
      for (UsageRecord r : records) {
        if (refusedRequests.contains(r.requestId())) {
          throw new IllegalArgumentException("row refused");
        }
      }
      rows.addAll(records);
    }
  }

  private Path file() {
    return data.resolve("usage-records.journal");
  }

  private static UsageRecord finished(String requestId, Long key, double cost) {
    return UsageRecord.builder(Instant.parse("2026-12-01T10:00:00.123456789Z"), requestId, "stream")
        .request(true, "auto")
        .clientKey(key)
        .served("sim/metered", "simulated", "FAST")
        .route("short query", "sim/metered:ok")
        .tokens(120, 45, false)
        .usageDetails(64, 12)
        .cacheWrites(7)
        .cost(cost)
        .timing(31L, 420)
        .outcome(Outcome.OK, null)
        .build();
  }

  /** Appends as the recorder does, and waits for the lines; the journal is never closed (kill). */
  private RecordJournal killedAfter(List<UsageRecord> records, int lines) throws Exception {
    RecordJournal journal = new RecordJournal(file());
    records.forEach(journal::append);
    awaitLines(lines);
    return journal;
  }

  @Test
  void recordsStillQueuedAtTheKillAreInsertedAtTheNextStartWithTheirFigures() throws Exception {
    UsageRecord written = finished("req-1", 7L, 0.0012);
    UsageRecord queued = finished("req-2", 7L, 0.0000123456789);
    UsageRecord anonymous = finished("req-3", null, 0.5);
    RecordJournal before = killedAfter(List.of(written, queued, anonymous), 3);
    before.written(List.of(written)); // its row was committed before the kill
    awaitLines(4);

    Table table = new Table();
    assertEquals(2, RecordRecovery.recover(new RecordJournal(file()), table));

    assertEquals(
        List.of("req-2", "req-3"), table.rows.stream().map(UsageRecord::requestId).toList());
    UsageRecord back = table.rows.get(0);
    assertEquals(RecordLines.json(queued), RecordLines.json(back), "every figure as it was");
    assertEquals(0.0000123456789, back.costUsd(), 0.0, "the cost to the last bit");
    assertEquals(queued.journalRef(), back.journalRef());
    assertEquals(null, table.rows.get(1).clientKeyId());
  }

  @Test
  void aSecondStartInsertsNothingAgain() throws Exception {
    killedAfter(List.of(finished("req-1", 7L, 0.1), finished("req-2", 7L, 0.2)), 2);
    Table table = new Table();
    RecordRecovery.recover(new RecordJournal(file()), table);
    assertEquals(2, table.rows.size());

    assertEquals(0, RecordRecovery.recover(new RecordJournal(file()), table));
    assertEquals(2, table.rows.size());
    assertEquals("", Files.readString(file()), "the recovered lines are dropped once inserted");
  }

  @Test
  void aRowCommittedWhoseWrittenLineWasLostIsNotInsertedTwice() throws Exception {
    UsageRecord landed = finished("req-1", 7L, 0.1);
    killedAfter(List.of(landed, finished("req-2", 7L, 0.2)), 2);
    Table table = new Table();
    table.rows.add(landed); // committed; the kill came before its W line was written

    assertEquals(1, RecordRecovery.recover(new RecordJournal(file()), table));
    assertEquals(
        List.of("req-1", "req-2"), table.rows.stream().map(UsageRecord::requestId).toList());
  }

  @Test
  void aReusedRequestIdDoesNotHideTheOtherCallsRecord() throws Exception {
    UsageRecord first = finished("same-id", 7L, 0.1);
    UsageRecord second = finished("same-id", 7L, 0.3);
    killedAfter(List.of(first, second), 2);
    Table table = new Table();
    table.rows.add(first);

    RecordRecovery.recover(new RecordJournal(file()), table);
    assertEquals(0.4, table.rows.stream().mapToDouble(UsageRecord::costUsd).sum(), 1e-12);
  }

  @Test
  void aLineCutShortByTheKillIsSkipped() throws Exception {
    killedAfter(List.of(finished("req-1", 7L, 0.1)), 1);
    String whole = RecordLines.json(finished("req-2", 7L, 0.2));
    Files.writeString(
        file(), "R x-9 " + whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);

    Table table = new Table();
    assertEquals(1, RecordRecovery.recover(new RecordJournal(file()), table));
    assertEquals("req-1", table.rows.get(0).requestId());
  }

  @Test
  void aRowTheDatabaseRefusesStaysForTheNextStartWithoutKeepingOthersOut() throws Exception {
    killedAfter(List.of(finished("req-1", 7L, 0.1), finished("bad", 7L, 0.2)), 2);
    Table table = new Table();
    table.refusedRequests.add("bad");
    assertEquals(1, RecordRecovery.recover(new RecordJournal(file()), table));
    assertTrue(Files.readString(file()).contains("\"bad\""));

    table.refusedRequests.clear(); // fixed by the operator
    assertEquals(1, RecordRecovery.recover(new RecordJournal(file()), table));
    assertEquals(2, table.rows.size());
  }

  @Test
  void theFileIsRewrittenWithTheUnwrittenRecordsWhenItGrows() throws Exception {
    RecordJournal journal = new RecordJournal(file(), 4096);
    UsageRecord waiting = finished("waiting", 7L, 0.1);
    journal.append(waiting); // its row never lands: the database is down
    for (int i = 0; i < 200; i++) {
      UsageRecord r = finished("req-" + i, 7L, 0.001);
      journal.append(r);
      journal.written(List.of(r));
      if (i % 20 == 19) {
        Thread.sleep(20); // traffic over time: the writer thread appends and rewrites
      }
    }
    journal.close();
    String kept = Files.readString(file());
    // Never rewritten, it would hold 201 records and 200 W lines (about 130 KB); rewritten at 4 KB,
    // it holds what came since the last rewrite (how much depends on the writer thread's batches).
    assertTrue(Files.size(file()) < 40_000, "rewritten while it grew: " + Files.size(file()));
    assertTrue(kept.contains("\"waiting\""), kept);

    Table table = new Table();
    RecordRecovery.recover(new RecordJournal(file()), table);
    assertEquals(List.of("waiting"), table.rows.stream().map(UsageRecord::requestId).toList());
  }

  @Test
  void theWriterNotesWhatItCommittedSoThatNothingIsInsertedTwice() throws Exception {
    RecordJournal journal = new RecordJournal(file());
    List<UsageRecord> committed = new ArrayList<>();
    UsageWriter writer =
        new UsageWriter(
            new RecordSink() {
              @Override
              public void saveAll(List<UsageRecord> records) {
                committed.addAll(records);
              }

              @Override
              public boolean reachable() {
                return true;
              }
            },
            100,
            3,
            10,
            System::nanoTime,
            journal::written);
    for (String id : List.of("req-1", "req-2")) {
      UsageRecord r = finished(id, 7L, 0.1);
      journal.append(r);
      writer.offer(r);
    }
    writer.writeDue();
    awaitLines(4); // two R, two W; then the kill

    Table empty = new Table(); // even a database that lost them is not asked: W says written
    assertEquals(0, RecordRecovery.recover(new RecordJournal(file()), empty));
    assertEquals(2, committed.size());
    assertNotEquals(committed.get(0).journalRef(), committed.get(1).journalRef());
  }

  private void awaitLines(int lines) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(file()) && Files.readAllLines(file()).size() >= lines) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("journal: " + (Files.exists(file()) ? Files.readString(file()) : ""));
  }
}
