package com.cogniforge.gateway.usage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * At start, inserts the usage records an earlier process journalled ({@link RecordJournal}) whose
 * rows are not in the database: that process was killed while they waited to be written. Matched by
 * the gateway's own name for each record, never by the client's request id. A second start finds
 * the rows and inserts nothing; a record the database refuses stays in the journal for the next
 * start.
 */
final class RecordRecovery {

  private static final Logger LOG = Logger.getLogger(RecordRecovery.class.getName());

  /** The database as the recovery sees it. */
  interface Rows {
    /** Of {@code refs}, those some row already carries. */
    Set<String> journalled(Collection<String> refs);

    /** Inserts all of them in one transaction, or none (and throws). */
    void saveAll(List<UsageRecord> records);
  }

  private RecordRecovery() {}

  /**
   * Inserts what is missing and rewrites the journal.
   *
   * @return how many records were inserted
   * @throws RuntimeException when the database does not answer (nothing is dropped from the file)
   */
  static int recover(RecordJournal journal, Rows rows) {
    Map<String, UsageRecord> unfinished = journal.unfinished();
    Set<String> present =
        unfinished.isEmpty() ? Set.of() : rows.journalled(List.copyOf(unfinished.keySet()));
    List<UsageRecord> missing = new ArrayList<>();
    unfinished.forEach(
        (ref, record) -> {
          if (!present.contains(ref)) {
            missing.add(record);
          }
        });
    Set<String> refused = new HashSet<>();
    int inserted = 0;
    for (int start = 0; start < missing.size(); start += UsageWriter.BATCH) {
      List<UsageRecord> batch =
          missing.subList(start, Math.min(missing.size(), start + UsageWriter.BATCH));
      try {
        rows.saveAll(batch);
        inserted += batch.size();
      } catch (RuntimeException batchRefused) {
        for (UsageRecord record : batch) { // one bad row must not keep the others out
          try {
            rows.saveAll(List.of(record));
            inserted++;
          } catch (RuntimeException rowRefused) {
            refused.add(record.journalRef());
          }
        }
      }
    }
    journal.rewrite(refused);
    if (!missing.isEmpty()) {
      LOG.warning(
          inserted
              + " usage record(s) of calls that ended before an unclean stop inserted from the"
              + " journal"
              + (refused.isEmpty() ? "" : "; " + refused.size() + " refused, kept for next start"));
    }
    return inserted;
  }
}
