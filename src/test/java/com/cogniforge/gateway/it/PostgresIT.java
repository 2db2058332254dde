package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same WAR on PostgreSQL by configuration alone: Flyway builds the schema, usage records land
 * in PostgreSQL, and the export, budget and savings queries run there.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PostgresIT {

  @Deployment(testable = false)
  @TargetsContainer("postgres")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI uri(String path) {
    return GatewayDeployment.loopback(reported).resolve(path);
  }

  @Test
  void usageRecordsAreWrittenToPostgresAndExported() throws Exception {
    HttpResponse<String> chat =
        Http.send(
            HttpRequest.newBuilder(uri("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "pg-record-1")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"tier\":\"SMART\",\"messages\":[{\"role\":\"user\",\"content\":\"مرحبا\"}]}"))
                .build());
    assertEquals(200, chat.statusCode(), chat.body());

    JsonObject record = Http.usageRecord(GatewayDeployment.loopback(reported), "pg-record-1");
    assertEquals("ok", record.getString("outcome"));
    assertEquals("SMART", record.getString("tier"));

    try (Connection db = TestPostgres.connect("cogniforge");
        PreparedStatement query =
            db.prepareStatement(
                "select tier, outcome, completion_tokens, cost_usd from usage_record"
                    + " where request_id = ?")) {
      query.setString(1, "pg-record-1");
      try (ResultSet row = query.executeQuery()) {
        assertTrue(row.next(), "the record is in PostgreSQL");
        assertEquals("SMART", row.getString(1));
        assertEquals("OK", row.getString(2));
        assertEquals(record.getInt("completion_tokens"), row.getInt(3));
        assertTrue(row.getDouble(4) > 0);
      }
      try (ResultSet schema =
          db.createStatement().executeQuery("select max(version) from flyway_schema_history")) {
        schema.next();
        assertEquals(newestMigration(), schema.getString(1), "every migration ran on PostgreSQL");
      }
    }

    String csv = Http.admin(uri("api/v1/usage?format=csv")).body();
    assertTrue(csv.lines().anyMatch(l -> l.contains(",pg-record-1,")), csv);
  }

  /**
   * PostgreSQL refuses a NUL in text (a leading one is trimmed away): a model name carrying one
   * must neither be stored raw nor sink the records written after it.
   */
  @Test
  void aModelNameWithANulSinksNoOtherRecord() throws Exception {
    HttpResponse<String> rejected =
        Http.send(
            HttpRequest.newBuilder(uri("api/v1/stream/chat?q=hi&model=x%00y"))
                .header("X-Request-Id", "pg-nul-0")
                .build());
    assertTrue(rejected.statusCode() >= 400, rejected.statusCode() + " " + rejected.body());
    String prefix = "pg-after-nul-" + Long.toHexString(System.nanoTime()) + "-";
    for (int i = 1; i <= 7; i++) {
      chat(prefix + i);
    }
    assertEquals(
        7, awaitRecords(prefix, 7, Duration.ofSeconds(10)), "records after the NUL model name");
  }

  /**
   * The database goes away (logins refused, connections cut) while requests are served: their
   * records wait, the status page says the database does not answer, and they land once it is back.
   */
  @Test
  void recordsQueuedWhileTheDatabaseIsDownLandWhenItIsBack() throws Exception {
    ConsoleSession session = new ConsoleSession(GatewayDeployment.loopback(reported));
    assertEquals(302, session.login(Http.ADMIN_PASSWORD).statusCode());
    String prefix = "pg-outage-" + Long.toHexString(System.nanoTime()) + "-";
    try (Connection admin =
            DriverManager.getConnection(TestPostgres.url("postgres"), "postgres", "");
        Statement sql = admin.createStatement()) {
      sql.execute("alter role gateway nologin");
      sql.execute(
          "select pg_terminate_backend(pid) from pg_stat_activity where usename = 'gateway'");
      try {
        for (int i = 1; i <= 3; i++) {
          chat(prefix + i);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !status.contains("The database does not answer")) {
          status = session.get("admin/status?lang=en").body();
          Thread.sleep(200);
        }
        assertTrue(status.contains("The database does not answer"), status);
      } finally {
        sql.execute("alter role gateway login");
      }
    }
    assertEquals(3, awaitRecords(prefix, 3, Duration.ofSeconds(60)), "records of the outage");
  }

  private void chat(String requestId) throws Exception {
    HttpResponse<String> chat =
        Http.send(
            HttpRequest.newBuilder(uri("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"tier\":\"FAST\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build());
    assertEquals(200, chat.statusCode(), chat.body());
  }

  /** How many records with ids starting with {@code prefix} are in PostgreSQL, once all are. */
  private static int awaitRecords(String prefix, int expected, Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    int landed = 0;
    while (System.nanoTime() < deadline) {
      try (Connection db = TestPostgres.connect("cogniforge");
          PreparedStatement query =
              db.prepareStatement("select count(*) from usage_record where request_id like ?")) {
        query.setString(1, prefix + "%");
        try (ResultSet row = query.executeQuery()) {
          row.next();
          landed = row.getInt(1);
        }
      }
      if (landed == expected) {
        break;
      }
      Thread.sleep(100);
    }
    return landed;
  }

  @Test
  void budgetAndSavingsComeFromPostgres() throws Exception {
    Http.post(
        uri("v1/chat/completions"),
        "application/json",
        "{\"tier\":\"GENIUS\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    JsonObject today =
        Http.awaitJson(
                uri("api/v1/stream/metrics"),
                json -> json.getJsonObject("today").getJsonObject("tiers").containsKey("GENIUS"),
                Duration.ofSeconds(5))
            .getJsonObject("today");
    assertTrue(today.getJsonNumber("spend_usd").doubleValue() > 0);
    assertTrue(
        today.getJsonObject("budget").getJsonNumber("spent_usd").doubleValue() > 0,
        today.toString());
  }

  /** The highest version among the migrations the WAR ships (V<n>__*.sql). */
  private static String newestMigration() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      return String.valueOf(
          files
              .map(file -> file.getFileName().toString())
              .filter(name -> name.matches("V\\d+__.*\\.sql"))
              .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
              .max()
              .orElseThrow());
    }
  }
}
