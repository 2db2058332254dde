package com.cogniforge.gateway.usage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Writes usage records with plain JDBC, one batched insert per call: on the container's pooled
 * connection while the gateway runs ({@link UsageStore}), and on a connection of its own for the
 * last records at JVM exit, when the container's transactions and connection pool may already be
 * gone. Not through JPA: an entity with an identity key is inserted one statement at a time, and
 * that was a fifth of the gateway's CPU at 100 streams (docs/BENCHMARKS.md).
 */
final class UsageRecordRows {

  private static final String INSERT =
      "insert into usage_record (created_at, request_id, endpoint, streamed, requested_model,"
          + " served_model, provider, prompt_tokens, completion_tokens, usage_estimated, cost_usd,"
          + " ttft_ms, total_ms, outcome, error_code, tier, route_reason, attempts, cache_hit,"
          + " client_key_id, cached_prompt_tokens, reasoning_tokens, cache_write_tokens,"
          + " journal_ref)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final int EXIT_WAIT_SECONDS = 5;

  private UsageRecordRows() {}

  /** Whether a connection can be opened at all. */
  static boolean reachable(Config config) {
    try (Connection connection = connect(config)) {
      return connection.isValid(2);
    } catch (SQLException down) {
      return false;
    }
  }

  /**
   * Bounded: this runs in a JVM shutdown hook, and a database that hangs instead of refusing would
   * otherwise hold the whole exit. (The login time-out is global; the JVM is exiting anyway.)
   */
  private static Connection connect(Config config) throws SQLException {
    DriverManager.setLoginTimeout(EXIT_WAIT_SECONDS);
    return DriverManager.getConnection(
        config.getValue("DATABASE_URL", String.class),
        config.getValue("DATABASE_USER", String.class),
        config.getOptionalValue("DATABASE_PASSWORD", String.class).orElse(""));
  }

  /** At exit: a connection and a transaction of its own. */
  static void insertAll(Config config, List<UsageRecord> records) throws SQLException {
    try (Connection connection = connect(config)) {
      connection.setAutoCommit(false);
      insert(connection, records, EXIT_WAIT_SECONDS);
      connection.commit();
    }
  }

  /** The rows in one batch, in the caller's transaction. */
  static void insert(Connection connection, List<UsageRecord> records, int timeoutSeconds)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setQueryTimeout(timeoutSeconds);
      for (UsageRecord r : records) {
        insert.setTimestamp(1, Timestamp.from(r.createdAt()));
        insert.setString(2, r.requestId());
        insert.setString(3, r.endpoint());
        insert.setBoolean(4, r.streamed());
        insert.setString(5, r.requestedModel());
        insert.setString(6, r.servedModel());
        insert.setString(7, r.provider());
        insert.setInt(8, r.promptTokens());
        insert.setInt(9, r.completionTokens());
        insert.setBoolean(10, r.usageEstimated());
        insert.setDouble(11, r.costUsd());
        if (r.ttftMs() == null) {
          insert.setNull(12, Types.BIGINT);
        } else {
          insert.setLong(12, r.ttftMs());
        }
        insert.setLong(13, r.totalMs());
        insert.setString(14, r.outcome().name());
        insert.setString(15, r.errorCode());
        insert.setString(16, r.tier());
        insert.setString(17, r.routeReason());
        insert.setString(18, r.attempts());
        insert.setBoolean(19, r.cacheHit());
        if (r.clientKeyId() == null) {
          insert.setNull(20, Types.BIGINT);
        } else {
          insert.setLong(20, r.clientKeyId());
        }
        insert.setInt(21, r.cachedPromptTokens());
        insert.setInt(22, r.reasoningTokens());
        insert.setInt(23, r.cacheWriteTokens());
        insert.setString(24, r.journalRef());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
