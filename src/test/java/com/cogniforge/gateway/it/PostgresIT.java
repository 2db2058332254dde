package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
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
        assertEquals("4", schema.getString(1), "every migration ran on PostgreSQL");
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
    for (int i = 1; i <= 7; i++) {
      HttpResponse<String> chat =
          Http.send(
              HttpRequest.newBuilder(uri("v1/chat/completions"))
                  .header("Content-Type", "application/json")
                  .header("X-Request-Id", "pg-after-nul-" + i)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"tier\":\"FAST\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                  .build());
      assertEquals(200, chat.statusCode(), chat.body());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int landed = 0;
    while (System.nanoTime() < deadline) {
      try (Connection db = TestPostgres.connect("cogniforge");
          PreparedStatement query =
              db.prepareStatement(
                  "select count(*) from usage_record where request_id like 'pg-after-nul-%'")) {
        try (ResultSet row = query.executeQuery()) {
          row.next();
          landed = row.getInt(1);
        }
      }
      if (landed == 7) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(7, landed, "records of the requests after the NUL model name");
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
}
