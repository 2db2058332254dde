package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hybrid engine's request coalescing, hedged requests and circuit breaker, on the deployed WAR
 * in front of {@link TestUpstream}: FAST is {@code test/primary} hedged by {@code test/backup}
 * (hedge delay 200 ms), SMART is {@code test/toggle} falling back to {@code test/ok}; a circuit
 * opens after 3 calls below health 0.5 and probes again after 2 s.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HybridEngineIT {

  private static TestUpstream upstream;

  @Deployment(testable = false)
  @TargetsContainer("engine")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  @BeforeAll
  static void startUpstream() throws Exception {
    upstream = TestUpstream.start();
  }

  @AfterAll
  static void stopUpstream() {
    upstream.close();
  }

  private URI base() {
    return GatewayDeployment.loopback(reported);
  }

  private static String body(String prompt, String extra) {
    return "{"
        + extra
        + "\"messages\":[{\"role\":\"user\",\"content\":"
        + Http.quote(prompt)
        + "}]}";
  }

  private SseCapture stream(String prompt, String extra) throws Exception {
    return SseCapture.post(base().resolve("api/v1/stream/chat"), body(prompt, extra));
  }

  private static String text(SseCapture stream) {
    StringBuilder text = new StringBuilder();
    for (SseCapture.Event token : stream.events("token")) {
      text.append(Http.json(token.data()).getString("text"));
    }
    return text.toString();
  }

  private static JsonObject meta(SseCapture stream) {
    List<SseCapture.Event> metas = stream.events("meta");
    return Http.json(metas.get(metas.size() - 1).data());
  }

  private JsonObject record(SseCapture stream) throws Exception {
    return Http.usageRecord(base(), meta(stream).getString("request_id"));
  }

  private long received(String model, String prompt) {
    return upstream.received.stream()
        .filter(r -> r.body().getString("model").equals(model))
        .filter(r -> r.body().toString().contains(prompt))
        .count();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(25);
    }
  }

  private static CompletableFuture<SseCapture> later(long delayMs, Callable call) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            Thread.sleep(delayMs);
            return call.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private interface Callable {
    SseCapture run() throws Exception;
  }

  // ---- request coalescing

  @Test
  void identicalRequestsInFlightShareOneUpstreamCallAndEachGetsTheWholeStream() throws Exception {
    String prompt = "share " + UUID.randomUUID();
    String model = "\"model\":\"test/shared\",";
    CompletableFuture<SseCapture> first = later(0, () -> stream(prompt, model));
    CompletableFuture<SseCapture> second = later(300, () -> stream(prompt, model));
    CompletableFuture<SseCapture> third = later(600, () -> stream(prompt, model));

    String expected = "s0 s1 s2 s3 s4 s5 s6 s7 s8 s9 s10 s11 s12 s13 s14 s15 s16 s17 s18 s19 ";
    for (CompletableFuture<SseCapture> each : List.of(first, second, third)) {
      SseCapture stream = each.get(20, TimeUnit.SECONDS);
      assertEquals(expected, text(stream), "complete from the first token: " + stream.body());
      assertEquals(1, stream.events("done").size());
    }
    assertEquals(1, received("test/shared", prompt), "one upstream call for three clients");
    assertEquals("MISS", first.get().headers.firstValue("X-CogniForge-Cache").orElseThrow());
    SseCapture late = third.get();
    assertEquals("COALESCED", late.headers.firstValue("X-CogniForge-Cache").orElseThrow());
    assertTrue(meta(late).getBoolean("coalesced"), late.body());

    JsonObject leader = record(first.get());
    JsonObject follower = record(late);
    assertFalse(leader.getString("request_id").equals(follower.getString("request_id")));
    assertEquals("ok", follower.getString("outcome"));
    assertEquals("coalesced", follower.getString("provider"));
    assertEquals(0.0, follower.getJsonNumber("cost_usd").doubleValue());
    assertEquals("ok", leader.getString("outcome"));
  }

  @Test
  void theSharedCallOutlivesTheClientThatStartedItAndEndsWithTheLastOne() throws Exception {
    String prompt = "leave " + UUID.randomUUID();
    String query =
        "/api/v1/stream/chat?model=test/shared&q="
            + URLEncoder.encode(prompt, StandardCharsets.UTF_8);
    int port = base().getPort();
    int cancelledBefore = upstream.cancelled.get();

    // The client that started the call hangs up once a follower has joined; the follower reads on.
    CompletableFuture<Long> leader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return HangUp.afterFirstToken(port, query, null, 500);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    SseCapture follower =
        later(250, () -> SseCapture.get(base().resolve(query.substring(1))))
            .get(20, TimeUnit.SECONDS);
    leader.get(10, TimeUnit.SECONDS);
    assertTrue(text(follower).endsWith("s19 "), follower.body());
    assertEquals(1, follower.events("done").size());
    assertEquals(1, received("test/shared", prompt));
    assertEquals(cancelledBefore, upstream.cancelled.get(), "the call ran to its end");

    // When every client has left, the upstream call is cancelled.
    String lonely = "everyone leaves " + UUID.randomUUID();
    String lonelyQuery =
        "/api/v1/stream/chat?model=test/shared&q="
            + URLEncoder.encode(lonely, StandardCharsets.UTF_8);
    CompletableFuture<Long> a =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return HangUp.afterFirstToken(port, lonelyQuery, null, 300);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(150);
    HangUp.afterFirstToken(port, lonelyQuery, null);
    a.get(10, TimeUnit.SECONDS);
    await(() -> upstream.cancelled.get() > cancelledBefore, "the upstream call to be cancelled");
    assertEquals(1, received("test/shared", lonely));
  }

  @Test
  void aSharedCallThatFailsEndsEveryClientWithTheError() throws Exception {
    String prompt = "fail together " + UUID.randomUUID();
    String model = "\"model\":\"test/shared-fail\",";
    CompletableFuture<SseCapture> first = later(0, () -> stream(prompt, model));
    CompletableFuture<SseCapture> second = later(120, () -> stream(prompt, model));
    for (CompletableFuture<SseCapture> each : List.of(first, second)) {
      SseCapture stream = each.get(20, TimeUnit.SECONDS);
      assertTrue(text(stream).startsWith("s0 s1"), stream.body());
      assertEquals(1, stream.events("error").size(), stream.body());
      assertTrue(stream.events("done").isEmpty());
    }
    assertEquals(1, received("test/shared-fail", prompt));
    JsonObject follower = record(second.get());
    assertEquals("upstream_error", follower.getString("outcome"), follower.toString());
  }

  // ---- hedged requests

  @Test
  void aSlowFirstTokenIsHedgedOnTheNextModelOfTheTierAndTheBackupWins() throws Exception {
    upstream.primaryDelayMs = 3_000;
    upstream.backupDelayMs = 0;
    int cancelledBefore = upstream.cancelled.get();
    String prompt = "hedge me " + UUID.randomUUID();
    long started = System.nanoTime();
    SseCapture stream = stream(prompt, "\"tier\":\"fast\",");
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertEquals("from backup ", text(stream), stream.body());
    assertTrue(tookMs < 2_000, "the backup answered long before the primary: " + tookMs + " ms");
    JsonObject meta = meta(stream);
    assertTrue(meta.getBoolean("hedged"), meta.toString());
    assertEquals("test/backup", meta.getString("model"));
    assertEquals("test/primary", meta.getString("fallback_from"));
    assertEquals(1, received("test/primary", prompt));
    assertEquals(1, received("test/backup", prompt));

    JsonObject record = record(stream);
    assertEquals("ok", record.getString("outcome"));
    assertEquals("test/backup", record.getString("served_model"));
    assertTrue(record.getString("attempts").contains("test/primary:hedge_lost"), record.toString());
    // Both calls are paid for: the backup's 12 tokens and the loser's prompt, at $0.001 a token.
    assertTrue(record.getJsonNumber("cost_usd").doubleValue() > 0.012 + 0.001, record.toString());
    await(() -> upstream.cancelled.get() > cancelledBefore, "the losing call to be cancelled");
  }

  @Test
  void aHedgeThatLosesIsCancelledAndTheFirstModelServes() throws Exception {
    upstream.primaryDelayMs = 450;
    upstream.backupDelayMs = 3_000;
    String prompt = "hedge loses " + UUID.randomUUID();
    SseCapture stream = stream(prompt, "\"tier\":\"fast\",");

    assertEquals("from primary ", text(stream), stream.body());
    assertFalse(meta(stream).containsKey("hedged"), stream.body());
    assertEquals(1, received("test/backup", prompt), "the backup was sent");
    JsonObject record = record(stream);
    assertEquals("test/primary", record.getString("served_model"));
    assertTrue(record.getString("attempts").contains("test/backup:hedge_lost"), record.toString());
  }

  @Test
  void aFastFirstTokenSendsNoHedge() throws Exception {
    upstream.primaryDelayMs = 0;
    String prompt = "no hedge " + UUID.randomUUID();
    SseCapture stream = stream(prompt, "\"tier\":\"fast\",");
    assertEquals("from primary ", text(stream));
    assertEquals(0, received("test/backup", prompt));
  }

  // ---- quality monitor and circuit breaker

  @Test
  void aFailingModelsCircuitOpensIsSkippedThenProbedAndCloses() throws Exception {
    upstream.toggleFailing = true;
    for (int i = 0; i < 3; i++) {
      SseCapture stream = stream("toggle " + i + " " + UUID.randomUUID(), "\"tier\":\"smart\",");
      assertEquals("test/ok", meta(stream).getString("model"), "fell back: " + stream.body());
    }
    JsonObject toggle = quality("test/toggle");
    assertEquals("open", toggle.getString("circuit"), toggle.toString());
    assertTrue(toggle.getJsonNumber("health").doubleValue() < 0.5, toggle.toString());
    assertEquals(3, toggle.getJsonObject("errors").getInt("server_error"), toggle.toString());
    assertEquals(0.0, toggle.getJsonNumber("success_rate").doubleValue());

    // Open: the router skips the model; the client is served by the next one at once.
    String skipped = "skipped " + UUID.randomUUID();
    SseCapture whileOpen = stream(skipped, "\"tier\":\"smart\",");
    assertEquals("test/ok", meta(whileOpen).getString("model"));
    assertTrue(
        meta(whileOpen).getString("routing_reason").contains("circuit open"), whileOpen.body());
    assertEquals(0, received("test/toggle", skipped), "no call to an open circuit");

    // After the open time one request probes it; a failed probe opens the circuit again.
    Thread.sleep(2_100);
    String probe = "probe " + UUID.randomUUID();
    assertEquals("test/ok", meta(stream(probe, "\"tier\":\"smart\",")).getString("model"));
    assertEquals(1, received("test/toggle", probe), "the probe went to the model");
    assertEquals("open", quality("test/toggle").getString("circuit"));
    assertEquals(2, quality("test/toggle").getInt("circuit_openings"));

    // The model recovers: the next probe succeeds and closes the circuit.
    upstream.toggleFailing = false;
    Thread.sleep(2_100);
    SseCapture recovered = stream("recovered " + UUID.randomUUID(), "\"tier\":\"smart\",");
    assertEquals("test/toggle", meta(recovered).getString("model"), recovered.body());
    assertEquals("closed", quality("test/toggle").getString("circuit"));
    SseCapture after = stream("after " + UUID.randomUUID(), "\"tier\":\"smart\",");
    assertEquals("test/toggle", meta(after).getString("model"));
  }

  @Test
  void qualityFiguresAreInTheMetricsEndpointAndPrometheus() throws Exception {
    upstream.primaryDelayMs = 0;
    for (int i = 0; i < 3; i++) {
      stream("figures " + UUID.randomUUID(), "\"tier\":\"fast\",");
    }
    JsonObject primary = quality("test/primary");
    assertEquals("closed", primary.getString("circuit"));
    assertTrue(primary.getInt("calls") >= 3, primary.toString());
    assertTrue(primary.getJsonNumber("health").doubleValue() > 0.5, primary.toString());
    assertEquals(200, primary.getInt("ttft_target_ms"));
    assertTrue(primary.getJsonObject("ttft_ms").getInt("p50") >= 0, primary.toString());
    assertFalse(primary.isNull("tokens_per_second"), primary.toString());
    assertFalse(primary.getJsonObject("inter_token_ms").isNull("p95"), primary.toString());

    String prometheus = Http.get(base().resolve("metrics")).body();
    assertTrue(prometheus.contains("cogniforge_model_health"), prometheus);
    assertTrue(prometheus.contains("cogniforge_model_circuit_open"), prometheus);
    assertTrue(prometheus.contains("cogniforge_model_inter_token_p95_ms"), prometheus);
  }

  private JsonObject quality(String model) throws Exception {
    return Http.json(Http.get(base().resolve("api/v1/stream/metrics")).body())
        .getJsonObject("quality")
        .getJsonObject("models")
        .getJsonObject(model);
  }
}
