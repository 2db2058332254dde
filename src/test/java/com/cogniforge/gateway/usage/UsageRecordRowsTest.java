package com.cogniforge.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The exit-time JDBC writer against the real schema (Flyway migrations on an H2 database). */
class UsageRecordRowsTest {

  @Test
  void insertsRecordsWithEveryColumn() throws Exception {
    String url = "jdbc:h2:mem:rows" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    Flyway.configure()
        .dataSource(url, "sa", "")
        .locations("classpath:db/migration")
        .load()
        .migrate();
    Map<String, String> values = Map.of("DATABASE_URL", url, "DATABASE_USER", "sa");
    Config config =
        (Config)
            java.lang.reflect.Proxy.newProxyInstance(
                Config.class.getClassLoader(),
                new Class<?>[] {Config.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getValue" -> values.get((String) args[0]);
                      case "getOptionalValue" ->
                          java.util.Optional.ofNullable(values.get((String) args[0]));
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    UsageRecord record =
        UsageRecord.builder(Instant.parse("2026-11-24T10:00:00Z"), "req-1", "stream")
            .request(true, "auto")
            .served("m/x", "simulated", "FAST")
            .route("because", "m/x:ok")
            .tokens(12, 34, false)
            .usageDetails(8, 5)
            .cost(0.5)
            .timing(120L, 900)
            .outcome(Outcome.OK, null)
            .build();
    UsageRecordRows.insertAll(config, List.of(record, record));

    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select count(*), sum(cost_usd), max(tier), max(attempts), max(ttft_ms),"
                        + " sum(cached_prompt_tokens), sum(reasoning_tokens)"
                        + " from usage_record")) {
      rs.next();
      assertEquals(2, rs.getInt(1));
      assertEquals(1.0, rs.getDouble(2), 1e-9);
      assertEquals("FAST", rs.getString(3));
      assertEquals("m/x:ok", rs.getString(4));
      assertEquals(120, rs.getLong(5));
      assertEquals(16, rs.getInt(6));
      assertEquals(10, rs.getInt(7));
    }
  }
}
