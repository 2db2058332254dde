package com.cogniforge.gateway.usage;

import java.util.List;

/**
 * Where the {@link UsageWriter} puts records: the container's JPA store while the server runs, a
 * JDBC connection of its own at JVM exit, a fake in the tests.
 */
interface RecordSink {

  /** Writes all of {@code records} in one transaction, or none of them (and throws). */
  void saveAll(List<UsageRecord> records);

  /**
   * Whether the database answers at all: tells an outage (retry everything later) from a row the
   * database refuses (set that row aside, write the others).
   */
  boolean reachable();
}
