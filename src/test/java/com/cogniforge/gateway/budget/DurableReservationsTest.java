package com.cogniforge.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.cluster.SingleNode;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import com.cogniforge.gateway.usage.UsageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed with {@code kill -9} loses its ledgers and the usage records of its open calls;
 * the reservation journal lets the next start count them: unsettled calls at their worst case,
 * settled calls whose record was lost at what they cost.
 */
class DurableReservationsTest {

  @TempDir Path data;

  /** The usage records that reach the database: request 3's only, the others die with the kill. */
  private static final class Records extends UsageStore {
    final Map<String, Double> byRequest = new HashMap<>();
    final List<UsageRecord> written = new ArrayList<>();

    /** The records a start writes for killed calls. */
    @Override
    public void saveAll(List<UsageRecord> records) {
      for (UsageRecord r : records) {
        written.add(r);
        byRequest.merge(
            r.requestId() + " " + (r.clientKeyId() == null ? "-" : r.clientKeyId()),
            r.costUsd(),
            Double::sum);
      }
    }

    @Override
    public double costSince(Instant from) {
      return byRequest.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public double costSince(Instant from, long keyId) {
      return byRequest.entrySet().stream()
          .filter(e -> e.getKey().endsWith(" " + keyId))
          .mapToDouble(Map.Entry::getValue)
          .sum();
    }

    @Override
    public Map<String, Double> costByRequest(Instant from, Collection<String> requestIds) {
      Map<String, Double> found = new HashMap<>(byRequest);
      found.keySet().removeIf(k -> !requestIds.contains(k.substring(0, k.indexOf(' '))));
      return found;
    }
  }

  private DailyBudget gateway(Cluster cluster, Records records) {
    GatewaySettings settings =
        GatewaySettings.withValues(
            Map.of(
                Setting.LLM_DAILY_BUDGET, "2.0",
                Setting.KEY_RESERVATION_CAP_USD, "0",
                Setting.KEY_RESERVATION_SHARE, "1"));
    DailyBudget budget = DailyBudget.of(settings, records, cluster);
    budget.journal(new ReservationJournal(data.resolve("reservations.journal")));
    return budget;
  }

  /** Spends as a gateway does until it is killed: the journal is never closed. */
  private void spendThenDie(DailyBudget budget, Records records) throws Exception {
    budget.reserve("req-1", 0.4, 7L, 1.0); // streaming when killed
    budget.reserve("req-2", 0.3, null, null); // streaming when killed, no key
    budget.settle(budget.reserve("req-3", 0.2, 7L, 1.0), 0.05); // finished, its record landed
    records.byRequest.put("req-3 7", 0.05);
    budget.settle(budget.reserve("req-4", 0.1, null, null), 0.02); // finished, record lost
    Reservation hedged = budget.reserve("req-5", 0.1, null, null);
    assertTrue(budget.resize(hedged, 0.25)); // a hedge doubled it, then the kill
    // The ledger's O line, five R lines, two S lines and the hedge's G line: S and G are written
    // in the background within milliseconds.
    awaitLines(9);
  }

  @Test
  void aRestartCountsWhatKilledCallsMayHaveCost() throws Exception {
    Records records = new Records();
    DailyBudget before = gateway(new SingleNode(), records);
    spendThenDie(before, records);
    assertEquals(1.02, committed(before), 1e-9, "0.07 spent, 0.4 + 0.3 + 0.25 reserved");

    // Restarted: the ledger is new, only request 3's record is in the database.
    DailyBudget after = gateway(new SingleNode(), records);
    // 0.05 recorded, 0.4 and 0.3 and 0.25 at their worst case, 0.02 as settled.
    assertEquals(1.02, after.snapshot().spentUsd(), 1e-9);
    assertEquals(
        "budget_exhausted",
        assertThrows(ApiError.class, () -> after.reserve(1.0, null, null)).code());
    // Key 7: its $1 budget holds 0.05 recorded and 0.4 unsettled.
    assertEquals(
        "key_budget_exhausted",
        assertThrows(ApiError.class, () -> after.reserve(0.6, 7L, 1.0)).code());
    after.reserve(0.5, 7L, 1.0);

    // The journal was compacted at that start; a second kill and start count the same, and the
    // 0.5 reserved since.
    DailyBudget again = gateway(new SingleNode(), records);
    assertEquals(1.52, again.snapshot().spentUsd(), 1e-9);
  }

  @Test
  void killedCallsGetRecordsAtWhatTheBudgetCountsThemAtOnce() throws Exception {
    Records records = new Records();
    DailyBudget before = gateway(new SingleNode(), records);
    before.reserve(new CallLabel("req-0", "chat.completions", "sim/metered", true), 0.6, 8L, 1.0);
    spendThenDie(before, records);

    DailyBudget after = gateway(new SingleNode(), records);
    double counted = after.snapshot().spentUsd();
    assertEquals(1.62, counted, 1e-9);
    assertEquals(
        counted,
        records.byRequest.values().stream().mapToDouble(Double::doubleValue).sum(),
        1e-9,
        "the records add up to what the budget counts");
    Map<String, String> byCall = new HashMap<>();
    for (UsageRecord r : records.written) {
      assertEquals(Outcome.INTERRUPTED, r.outcome());
      assertTrue(r.usageEstimated());
      byCall.put(r.requestId(), r.errorCode() + " " + r.costUsd());
    }
    assertEquals(
        Map.of(
            "req-0", "gateway_killed 0.6",
            "req-1", "gateway_killed 0.4",
            "req-2", "gateway_killed 0.3",
            "req-4", "record_lost 0.02",
            "req-5", "gateway_killed 0.25"),
        byCall);
    UsageRecord labelled =
        records.written.stream().filter(r -> r.requestId().equals("req-0")).findFirst().get();
    assertEquals("chat.completions", labelled.endpoint());
    assertEquals("sim/metered", labelled.servedModel());
    assertEquals(8L, labelled.clientKeyId());
    assertTrue(labelled.streamed());

    // A second start finds them: no record twice, nothing counted twice.
    DailyBudget again = gateway(new SingleNode(), records);
    assertEquals(1.62, again.snapshot().spentUsd(), 1e-9);
    assertEquals(5, records.written.size());
  }

  @Test
  void aReusedRequestIdGetsARecordForWhatItsRecordsDoNotShow() throws Exception {
    Records records = new Records();
    DailyBudget before = gateway(new SingleNode(), records);
    before.settle(before.reserve("same", 0.2, 7L, 1.0), 0.05);
    records.byRequest.put("same 7", 0.05); // the first call's record landed
    before.reserve("same", 0.3, 7L, 1.0); // the same id again, killed in flight
    awaitLines(4); // the ledger's O line, two R lines, and the S line written in the background

    DailyBudget after = gateway(new SingleNode(), records);
    assertEquals(0.35, after.snapshot().spentUsd(), 1e-9);
    assertEquals(1, records.written.size());
    assertEquals(0.3, records.written.get(0).costUsd(), 1e-9);
  }

  @Test
  void aLedgerThatOutlivedTheProcessIsNotCountedTwice() throws Exception {
    Cluster grid = new SingleNode(); // the data grid, kept by the other members
    Records records = new Records();
    DailyBudget before = gateway(grid, records);
    spendThenDie(before, records);
    double held = committed(before);

    DailyBudget after = gateway(grid, records);
    assertEquals(held, committed(after), 1e-9, "the grid still holds the dead calls");
    // This instance's key ledger is its own, rebuilt: it counts key 7's open call.
    assertThrows(ApiError.class, () -> after.reserve(0.6, 7L, 1.0));
  }

  @Test
  void aCallWhoseRecordLandedIsDroppedFromTheJournal() throws Exception {
    Records records = new Records();
    spendThenDie(gateway(new SingleNode(), records), records);
    gateway(new SingleNode(), records).snapshot();
    String kept = Files.readString(data.resolve("reservations.journal"));
    assertFalse(kept.contains(" req-3 "), kept);
    assertTrue(kept.contains(" req-1 ") && kept.contains(" req-4 "), kept);
  }

  @Test
  void aLineCutShortIsSkipped() throws Exception {
    Records records = new Records();
    spendThenDie(gateway(new SingleNode(), records), records);
    Files.writeString(
        data.resolve("reservations.journal"),
        "R " + java.time.LocalDate.now(java.time.ZoneOffset.UTC).toEpochDay() + " x-1 req-9",
        java.nio.file.StandardOpenOption.APPEND);
    assertEquals(1.02, gateway(new SingleNode(), records).snapshot().spentUsd(), 1e-9);
  }

  private static double committed(DailyBudget budget) {
    DailyBudget.Snapshot now = budget.snapshot();
    return now.spentUsd() + now.reservedUsd();
  }

  private void awaitLines(int lines) throws Exception {
    Path file = data.resolve("reservations.journal");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readAllLines(file).size() >= lines) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("journal: " + Files.readString(file));
  }
}
