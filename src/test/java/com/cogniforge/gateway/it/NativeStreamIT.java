package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The native SSE API against the real WAR and its simulated provider, over real HTTP. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NativeStreamIT {

  @Deployment(testable = false)
  @TargetsContainer("simulated")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI base() {
    return GatewayDeployment.loopback(reported);
  }

  private URI uri(String path) {
    return base().resolve(path);
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void tokensArriveOneByOneWhileTheProviderIsStillGenerating() throws Exception {
    SseCapture stream =
        SseCapture.post(
            uri("api/v1/stream/chat"),
            "{\"q\":\"Hello\",\"sim_tokens\":20,\"sim_inter_token_ms\":50}");

    assertEquals(200, stream.status);
    assertTrue(
        stream.headers.firstValue("content-type").orElse("").startsWith("text/event-stream"));
    assertEquals("no-cache", stream.headers.firstValue("cache-control").orElse(""));
    assertEquals("no", stream.headers.firstValue("x-accel-buffering").orElse(""));
    List<SseCapture.Event> tokens = stream.events("token");
    assertEquals(20, tokens.size());
    SseCapture.Event done = stream.events("done").get(0);
    // 19 gaps of 50 ms: if tokens were buffered they would all arrive together with "done".
    long spreadMs = (done.atNanos() - tokens.get(0).atNanos()) / 1_000_000;
    assertTrue(spreadMs >= 600, "first token only " + spreadMs + " ms before done");
    long distinctArrivals = tokens.stream().map(t -> t.atNanos() / 20_000_000).distinct().count();
    assertTrue(distinctArrivals >= 15, "tokens arrived in " + distinctArrivals + " bursts");
  }

  @Test
  void eventsHaveSequentialIdsAndTheDocumentedShape() throws Exception {
    SseCapture stream = SseCapture.get(uri("api/v1/stream/chat?q=" + q("Explain SSE")));
    List<SseCapture.Event> events =
        stream.events().stream().filter(e -> !e.name().equals("comment")).toList();

    assertEquals("meta", events.get(0).name());
    assertEquals("done", events.get(events.size() - 1).name());
    for (int i = 0; i < events.size(); i++) {
      assertEquals(String.valueOf(i + 1), events.get(i).id());
    }
    JsonObject meta = Http.json(events.get(0).data());
    assertEquals("openai/gpt-4o-mini", meta.getString("model"));
    assertEquals("simulated", meta.getString("provider"));
    // Routing is off here: FAST serves, even though its model is NANO's model too.
    assertEquals("FAST", meta.getString("tier"));
    assertTrue(meta.getString("routing_reason").contains("routing is off"));
    String requestId = meta.getString("request_id");
    assertEquals(requestId, stream.headers.firstValue("x-request-id").orElse(""));

    StringBuilder text = new StringBuilder();
    for (SseCapture.Event token : stream.events("token")) {
      text.append(Http.json(token.data()).getString("text"));
    }
    JsonObject done = Http.json(events.get(events.size() - 1).data());
    assertEquals("stop", done.getString("finish_reason"));
    JsonObject usage = done.getJsonObject("usage");
    assertTrue(usage.getInt("completion_tokens") > 0);
    assertEquals(
        usage.getInt("prompt_tokens") + usage.getInt("completion_tokens"),
        usage.getInt("total_tokens"));
    assertFalse(usage.getBoolean("estimated"), "the simulated provider reports usage");
    assertTrue(done.getJsonNumber("cost_usd").doubleValue() > 0);
    assertTrue(done.getInt("ttft_ms") >= 100, "simulated TTFT is 100 ms");
    assertTrue(done.getInt("total_ms") >= done.getInt("ttft_ms"));
    assertTrue(text.toString().contains("\n") || text.length() > 20);

    JsonObject record = Http.usageRecord(base(), requestId);
    assertEquals("ok", record.getString("outcome"));
    assertEquals("stream", record.getString("endpoint"));
    assertEquals(usage.getInt("completion_tokens"), record.getInt("completion_tokens"));
    assertEquals(done.getInt("ttft_ms"), record.getInt("ttft_ms"));
  }

  @Test
  void sameRequestIdIsTakenFromTheClient() throws Exception {
    SseCapture stream =
        SseCapture.send(
            HttpRequest.newBuilder(uri("api/v1/stream/chat?q=hi&max_tokens=2"))
                .header("X-Request-Id", "client-id-42")
                .build(),
            Duration.ofSeconds(20));
    assertEquals(
        "client-id-42", Http.json(stream.events("meta").get(0).data()).getString("request_id"));
    assertEquals(
        "length", Http.json(stream.events("done").get(0).data()).getString("finish_reason"));
    assertEquals(2, stream.events("token").size());
  }

  @Test
  void heartbeatsKeepAnIdleStreamAlive() throws Exception {
    // Heartbeat interval is 1 s in this deployment; the provider stays silent for 2.5 s.
    SseCapture stream =
        SseCapture.post(
            uri("api/v1/stream/chat"), "{\"q\":\"wait\",\"sim_ttft_ms\":2500,\"sim_tokens\":2}");
    List<SseCapture.Event> heartbeats = stream.events("comment");
    SseCapture.Event firstToken = stream.events("token").get(0);
    long beforeFirstToken =
        heartbeats.stream().filter(h -> h.atNanos() < firstToken.atNanos()).count();
    assertTrue(beforeFirstToken >= 2, "heartbeats before the first token: " + beforeFirstToken);
    assertEquals("heartbeat", heartbeats.get(0).data());
  }

  @Test
  void arabicPromptStreamsArabicText() throws Exception {
    SseCapture stream = SseCapture.get(uri("api/v1/stream/chat?q=" + q("ما هي البوابة؟")));
    StringBuilder text = new StringBuilder();
    for (SseCapture.Event token : stream.events("token")) {
      text.append(Http.json(token.data()).getString("text"));
    }
    assertTrue(text.codePoints().anyMatch(c -> c >= 0x0600 && c <= 0x06FF), text.toString());
    assertEquals(1, stream.events("done").size());
  }

  @Test
  void clientDisconnectCancelsTheUpstreamCallWithinASecond() throws Exception {
    URI stats = uri("sim/v1/stats");
    long cancelledBefore = Http.json(Http.get(stats).body()).getJsonNumber("cancelled").longValue();
    String requestId = "disconnect-" + System.nanoTime();
    long disconnectedAt =
        HangUp.afterFirstToken(base().getPort(), "/api/v1/stream/chat?q=long+story", requestId);
    // The provider (simulated, 48 tokens at 20 ms) sees its client, the gateway, go away.
    Http.awaitJson(
        stats,
        json -> json.getJsonNumber("cancelled").longValue() > cancelledBefore,
        Duration.ofSeconds(3));
    long cancelMs = (System.nanoTime() - disconnectedAt) / 1_000_000;
    assertTrue(cancelMs < 1000, "upstream cancelled " + cancelMs + " ms after the disconnect");

    JsonObject record = Http.usageRecord(base(), requestId);
    assertEquals("client_cancelled", record.getString("outcome"));
    assertEquals("client_disconnected", record.getString("error_code"));
    assertTrue(record.getInt("completion_tokens") < 48, "stream was cut short");
  }

  @Test
  void metricsAndHealthReportTheTraffic() throws Exception {
    SseCapture.get(uri("api/v1/stream/chat?q=metrics+please"));
    JsonObject metrics =
        Http.awaitJson(
            uri("api/v1/stream/metrics"),
            json -> json.getInt("succeeded") > 0,
            Duration.ofSeconds(5));
    assertTrue(metrics.getInt("requests") >= metrics.getInt("succeeded"));
    assertNotNull(metrics.getJsonObject("ttft_ms").getJsonNumber("p50"));
    assertNotNull(metrics.getJsonObject("ttft_ms").getJsonNumber("p99"));
    JsonObject model = metrics.getJsonObject("models").getJsonObject("openai/gpt-4o-mini");
    assertTrue(model.getInt("succeeded") > 0);
    assertTrue(model.getJsonObject("ttft_ms").getInt("p50") >= 100);

    var health = Http.get(uri("health"));
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("\"UP\""), health.body());
    assertTrue(health.body().contains("cogniforge-gateway"), health.body());
  }

  @Test
  void theSimulatorsKnobsAreBoundedWithAClear400() throws Exception {
    for (String knob :
        List.of(
            "\"sim_tokens\":100000000", "\"sim_ttft_ms\":100000000", "\"sim_inter_token_ms\":-1")) {
      HttpResponse<String> refused =
          Http.send(
              HttpRequest.newBuilder(uri("sim/v1/chat/completions"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{"
                              + knob
                              + ",\"messages\":[{\"role\":\"user\","
                              + "\"content\":\"x\"}]}"))
                  .build());
      assertEquals(400, refused.statusCode(), knob + ": " + refused.body());
      JsonObject error = Http.json(refused.body()).getJsonObject("error");
      assertEquals("invalid_request_error", error.getString("type"));
      assertEquals("sim_value_out_of_range", error.getString("code"));
    }
  }
}
