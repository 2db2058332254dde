package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM on a gateway started as operators start it: new requests are refused, open streams may
 * finish within the grace period, longer ones end with an error event, and every usage record is in
 * the database when the process has exited.
 */
class GracefulShutdownIT {

  @Test
  void sigtermDrainsStreamsAndKeepsEveryRecord() throws Exception {
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "drain");
    int port = GatewayProcess.freePort();
    Map<String, String> env = Map.of("SHUTDOWN_GRACE_SECONDS", "3", "SIM_TTFT_MS", "20");
    try (GatewayProcess gateway = GatewayProcess.start(port, data, env)) {
      CompletableFuture<SseCapture> shortStream = stream(gateway, "short-one", 10); // ~1 s
      CompletableFuture<SseCapture> longStream = stream(gateway, "long-one", 100); // ~10 s
      Http.awaitJson(
          gateway.base.resolve("api/v1/stream/metrics"),
          json -> json.getInt("open_streams") == 2,
          Duration.ofSeconds(15));
      long stoppedAt = System.nanoTime();
      gateway.terminate();
      Thread.sleep(300);

      HttpResponse<String> refused =
          Http.send(
              HttpRequest.newBuilder(gateway.base.resolve("api/v1/stream/chat?q=late"))
                  .header("X-Request-Id", "refused-one")
                  .build());
      assertEquals(503, refused.statusCode(), refused.body());
      assertEquals(
          "shutting_down", Http.json(refused.body()).getJsonObject("error").getString("code"));

      SseCapture finished = shortStream.get(10, TimeUnit.SECONDS);
      assertEquals(
          1, finished.events("done").size(), "a short stream finishes: " + finished.body());
      SseCapture cut = longStream.get(10, TimeUnit.SECONDS);
      assertTrue(cut.events("done").isEmpty());
      JsonObject error = Http.json(cut.events("error").get(0).data());
      assertEquals("gateway_shutting_down", error.getString("code"));
      long cutAfterMs =
          (cut.events("error").get(0).atNanos() + cut.sentNanos - stoppedAt) / 1_000_000;
      assertTrue(
          cutAfterMs >= 2500 && cutAfterMs < 6000, "cut " + cutAfterMs + " ms after SIGTERM");
      assertTrue(gateway.awaitExit(30), "the gateway exits after draining");
    }

    try (GatewayProcess restarted = GatewayProcess.start(GatewayProcess.freePort(), data, env)) {
      assertEquals("ok", Http.usageRecord(restarted.base, "short-one").getString("outcome"));
      assertEquals(
          "interrupted", Http.usageRecord(restarted.base, "long-one").getString("outcome"));
      assertEquals(
          "rejected", Http.usageRecord(restarted.base, "refused-one").getString("outcome"));
    }
  }

  private static CompletableFuture<SseCapture> stream(
      GatewayProcess gateway, String id, int tokens) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return SseCapture.send(
                HttpRequest.newBuilder(gateway.base.resolve("api/v1/stream/chat"))
                    .header("Content-Type", "application/json")
                    .header("X-Request-Id", id)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"q\":\"drain\",\"sim_tokens\":"
                                + tokens
                                + ",\"sim_inter_token_ms\":100}"))
                    .build(),
                Duration.ofSeconds(30));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
