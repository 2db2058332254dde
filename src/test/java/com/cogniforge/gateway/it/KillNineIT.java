package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} with two long streams in flight: the restarted gateway must still count what they
 * may have cost, so that a third request the budget cannot cover once they are counted is refused;
 * and no usage record may be lost, neither of streams that ended while their records waited to be
 * written nor of the streams the kill cut.
 */
class KillNineIT {

  /** $10 per million tokens: a call capped at 10,000 tokens reserves about $0.1001. */
  private static final Map<String, String> ENV =
      Map.of(
          "LLM_DAILY_BUDGET", "0.25",
          "FAST_MODEL", "sim/metered",
          "MODEL_PRICES", "sim/metered=10:10",
          "SIM_TTFT_MS", "20",
          "SIM_INTER_TOKEN_MS", "100",
          "SIM_TOKENS", "600");

  private static final String SHORT_BODY =
      "{\"model\":\"sim/metered\",\"max_tokens\":5,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"a short answer please\"}]}";

  private static final String BODY =
      "{\"model\":\"sim/metered\",\"max_tokens\":10000,\"stream\":true,"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"a long answer please\"}]}";

  @Test
  void aRestartAfterKillNineCountsTheStreamsThatWereInFlight() throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "kill9");
    int port = GatewayProcess.freePort();
    HttpClient client = HttpClient.newHttpClient();
    try (GatewayProcess gateway = GatewayProcess.start(port, data, ENV)) {
      for (String id : new String[] {"long-1", "long-2"}) {
        client.sendAsync(
            HttpRequest.newBuilder(gateway.base.resolve("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", id)
                .POST(HttpRequest.BodyPublishers.ofString(BODY))
                .build(),
            HttpResponse.BodyHandlers.discarding());
      }
      Http.awaitJson(
          gateway.base.resolve("api/v1/stream/metrics"),
          json -> json.getInt("open_streams") == 2,
          Duration.ofSeconds(15));
      Thread.sleep(500); // a few tokens streamed: the provider is billing both calls
      gateway.kill();
    }

    try (GatewayProcess restarted = GatewayProcess.start(port, data, ENV)) {
      JsonObject budget =
          Http.json(Http.get(restarted.base.resolve("api/v1/route?q=x")).body())
              .getJsonObject("budget");
      double counted =
          budget.getJsonNumber("spent_usd").doubleValue()
              + budget.getJsonNumber("reserved_usd").doubleValue();
      // Only the status and a refusal's body: an admitted stream would run for a minute.
      HttpResponse<java.io.InputStream> third =
          client.send(
              HttpRequest.newBuilder(restarted.base.resolve("v1/chat/completions"))
                  .header("Content-Type", "application/json")
                  .header("X-Request-Id", "third")
                  .POST(HttpRequest.BodyPublishers.ofString(BODY))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      String thirdBody;
      try (java.io.InputStream body = third.body()) {
        thirdBody = third.statusCode() == 429 ? new String(body.readAllBytes()) : "(streaming)";
      }
      System.out.printf(
          "after kill -9 with two streams of worst case ~$0.1001 each in flight: $%.6f counted,"
              + " a third request answered %d%n",
          counted, third.statusCode());
      assertEquals(429, third.statusCode(), "a third request the budget cannot cover");
      assertEquals(
          "budget_exhausted", Http.json(thirdBody).getJsonObject("error").getString("code"));
      assertTrue(counted >= 0.2, "the two killed streams count at their worst case: " + counted);
    }
  }

  /**
   * The database stops answering (its server is down), 20 short streams end meanwhile (their
   * records wait in the writer's queue, as they would for milliseconds on a healthy database) and
   * two long ones are in flight; then {@code kill -9}, the database comes back, the gateway starts
   * again on the same data. Every stream has its record: the 20 with the figures they ended with,
   * the two cut ones as {@code interrupted} at the worst case the budget counts them at, and the
   * budget counts exactly what the records add up to.
   */
  @Test
  void noRecordIsLostToKillNine() throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "kill9rec");
    int port = GatewayProcess.freePort();
    int databasePort = GatewayProcess.freePort();
    Map<String, String> env = new HashMap<>(ENV);
    env.put("DATABASE_URL", "jdbc:h2:tcp://127.0.0.1:" + databasePort + "/gateway");
    List<String> landed = ids("landed-", 5);
    List<String> queued = ids("queued-", 20);
    List<String> inFlight = ids("inflight-", 2);
    HttpClient client = HttpClient.newHttpClient();
    Server database = database(databasePort, data);
    try {
      try (GatewayProcess gateway = GatewayProcess.start(port, data, env)) {
        completeShortStreams(client, gateway, landed);
        Http.awaitJson(
            gateway.base.resolve("api/v1/usage"),
            json -> json.getJsonArray("records").size() == landed.size(),
            Duration.ofSeconds(15));
        database.stop(); // from here the records wait in the writer's queue
        completeShortStreams(client, gateway, queued);
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        for (String id : inFlight) {
          streams.add(
              client.sendAsync(chat(gateway, id, BODY), HttpResponse.BodyHandlers.ofInputStream()));
        }
        // (The metrics page reads the usage records and fails while the database is down.)
        for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
          HttpResponse<InputStream> started = stream.get(15, TimeUnit.SECONDS);
          assertEquals(200, started.statusCode());
          assertTrue(started.body().read() >= 0, "the stream has begun");
        }
        Thread.sleep(500); // a few tokens streamed
        gateway.kill();
      }
      database = database(databasePort, data);

      try (GatewayProcess restarted = GatewayProcess.start(port, data, env)) {
        JsonArray records =
            Http.json(Http.admin(restarted.base.resolve("api/v1/usage")).body())
                .getJsonArray("records");
        Map<String, List<JsonObject>> byId = new HashMap<>();
        double recordedUsd = 0;
        for (JsonObject r : records.getValuesAs(JsonObject.class)) {
          byId.computeIfAbsent(r.getString("request_id"), k -> new ArrayList<>()).add(r);
          recordedUsd += r.getJsonNumber("cost_usd").doubleValue();
        }
        JsonObject budget =
            Http.json(Http.get(restarted.base.resolve("api/v1/route?q=x")).body())
                .getJsonObject("budget");
        double counted =
            budget.getJsonNumber("spent_usd").doubleValue()
                + budget.getJsonNumber("reserved_usd").doubleValue();
        long queuedFound = queued.stream().filter(byId::containsKey).count();
        long inFlightFound = inFlight.stream().filter(byId::containsKey).count();
        System.out.printf(
            "after kill -9: records of %d streams that ended with the database up, %d of %d that"
                + " ended while it was down, %d of %d in flight; %d records in all, $%.6f;"
                + " budget counts $%.6f%n",
            landed.stream().filter(byId::containsKey).count(),
            queuedFound,
            queued.size(),
            inFlightFound,
            inFlight.size(),
            records.size(),
            recordedUsd,
            counted);
        assertEquals(queued.size(), queuedFound, "records of streams that had ended: " + byId);
        assertEquals(inFlight.size(), inFlightFound, "records of streams cut by the kill");
        assertEquals(landed.size() + queued.size() + inFlight.size(), records.size(), "none twice");
        for (String id : queued) {
          JsonObject r = byId.get(id).get(0);
          assertEquals("ok", r.getString("outcome"), r.toString());
          assertEquals("sim/metered", r.getString("served_model"), r.toString());
          assertEquals(5, r.getInt("completion_tokens"), r.toString());
          assertTrue(r.getInt("prompt_tokens") > 0, r.toString());
          assertFalse(r.getBoolean("usage_estimated"), r.toString());
          assertTrue(r.getJsonNumber("cost_usd").doubleValue() > 0, r.toString());
        }
        for (String id : inFlight) {
          JsonObject r = byId.get(id).get(0);
          assertEquals("interrupted", r.getString("outcome"), r.toString());
          assertEquals("gateway_killed", r.getString("error_code"), r.toString());
          assertEquals("chat.completions", r.getString("endpoint"), r.toString());
          assertEquals(0.10012, r.getJsonNumber("cost_usd").doubleValue(), 0.0001, r.toString());
        }
        assertEquals(recordedUsd, counted, 1e-5, "the budget counts what the records add up to");
      }
    } finally {
      database.stop();
    }
  }

  /** The gateway's database as a server of its own on loopback, which the test can stop. */
  private static Server database(int port, Path data) throws Exception {
    System.setProperty("h2.bindAddress", "127.0.0.1");
    return Server.createTcpServer(
            "-tcpPort", String.valueOf(port), "-baseDir", data.toString(), "-ifNotExists")
        .start();
  }

  private static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  private static HttpRequest chat(GatewayProcess gateway, String id, String body) {
    return HttpRequest.newBuilder(gateway.base.resolve("v1/chat/completions"))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("X-Request-Id", id)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** Sends them all at once and waits for every stream's end. */
  private static void completeShortStreams(
      HttpClient client, GatewayProcess gateway, List<String> ids) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (String id : ids) {
      answers.add(
          client.sendAsync(chat(gateway, id, SHORT_BODY), HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> ended = answer.get(60, TimeUnit.SECONDS);
      assertEquals(200, ended.statusCode(), ended.body());
      assertTrue(ended.body().contains("[DONE]"), ended.body());
    }
  }
}
