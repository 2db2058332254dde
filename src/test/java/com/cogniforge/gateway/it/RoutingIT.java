package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Intelligent routing on the real WAR: tiers chosen, reported, explained, and their savings. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RoutingIT {

  private static final String HARD =
      "Implement a thread-safe LRU cache in Java with O(1) get and put. Explain step by step why"
          + " each operation is O(1), compare it with a synchronized LinkedHashMap, and list the"
          + " trade-offs.\n```java\nclass LruCache<K, V> {\n}\n```";

  @Deployment(testable = false)
  @TargetsContainer("routing")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI uri(String path) {
    return GatewayDeployment.loopback(reported).resolve(path);
  }

  private JsonObject meta(String body) throws Exception {
    SseCapture stream = SseCapture.post(uri("api/v1/stream/chat"), body);
    assertEquals(200, stream.status, stream.body());
    assertEquals(1, stream.events("done").size(), stream.body());
    return Http.json(stream.events("meta").get(0).data());
  }

  @Test
  void simplePromptGoesToNanoAndHardOneHigher() throws Exception {
    JsonObject simple = meta("{\"q\":\"hi there\"}");
    assertEquals("NANO", simple.getString("tier"));
    assertEquals("sim/nano", simple.getString("model"));
    assertTrue(simple.getString("routing_reason").contains("complexity"));

    JsonObject hard = meta("{\"q\":" + Http.quote(HARD) + "}");
    assertTrue(
        hard.getString("tier").equals("SMART") || hard.getString("tier").equals("GENIUS"),
        hard.toString());
    assertTrue(hard.getString("routing_reason").contains("domain code"), hard.toString());

    JsonObject arabic = meta("{\"q\":\"مرحبا\"}");
    assertEquals("NANO", arabic.getString("tier"));
    assertTrue(arabic.getString("routing_reason").contains("language ar"));
  }

  @Test
  void explicitTierAndModelAreRespected() throws Exception {
    JsonObject tier = meta("{\"q\":\"hi\",\"tier\":\"genius\"}");
    assertEquals("GENIUS", tier.getString("tier"));
    assertEquals("sim/genius", tier.getString("model"));

    JsonObject model = meta("{\"q\":" + Http.quote(HARD) + ",\"model\":\"sim/fast\"}");
    assertEquals("FAST", model.getString("tier"));
    assertEquals("sim/fast", model.getString("model"));

    HttpResponse<String> badTier =
        Http.post(uri("api/v1/stream/chat"), "application/json", "{\"q\":\"x\",\"tier\":\"MEGA\"}");
    assertEquals(400, badTier.statusCode());
    assertEquals(
        "invalid_tier", Http.json(badTier.body()).getJsonObject("error").getString("code"));
  }

  @Test
  void openAiResponsesReportTierModelAndReason() throws Exception {
    HttpResponse<String> response =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":"
                + Http.quote(HARD)
                + "}]}");
    assertEquals(200, response.statusCode());
    String tier = response.headers().firstValue("x-cogniforge-tier").orElseThrow();
    String model = Http.json(response.body()).getString("model");
    assertEquals("sim/" + tier.toLowerCase(), model);
    assertEquals(model, response.headers().firstValue("x-cogniforge-model").orElseThrow());
    assertTrue(
        response
            .headers()
            .firstValue("x-cogniforge-route-reason")
            .orElseThrow()
            .contains("complexity"));
  }

  @Test
  void explainSaysWhatTheRouterWouldDoWithoutCallingAModel() throws Exception {
    long before = Http.json(Http.get(uri("sim/v1/stats")).body()).getInt("started");
    JsonObject explained =
        Http.json(
            Http.get(uri("api/v1/route?q=" + URLEncoder.encode(HARD, StandardCharsets.UTF_8)))
                .body());
    JsonObject streamed = meta("{\"q\":" + Http.quote(HARD) + "}");
    assertEquals(streamed.getString("tier"), explained.getString("tier"));
    assertEquals(streamed.getString("model"), explained.getString("model"));
    JsonObject c = explained.getJsonObject("classification");
    assertEquals("code", c.getString("domain"));
    assertEquals("en", c.getString("language"));
    assertTrue(c.getBoolean("reasoning"));
    assertTrue(c.getJsonNumber("complexity").doubleValue() > 0.45);
    // Fallbacks are the tiers above the chosen one (one model each here).
    assertEquals(
        "GENIUS".equals(explained.getString("tier")) ? 0 : 1,
        explained.getJsonArray("fallbacks").size(),
        explained.toString());
    assertEquals("GENIUS", explained.getJsonObject("budget").getString("highest_tier"));

    JsonObject posted =
        Http.json(
            Http.post(
                    uri("api/v1/route"),
                    "application/json",
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"عاجل: ما عاصمة مصر؟\"}]}")
                .body());
    assertTrue(posted.getJsonObject("classification").getBoolean("urgent"));
    assertEquals("ar", posted.getJsonObject("classification").getString("language"));
    // Only the streamed request reached the (simulated) provider.
    assertEquals(before + 1, Http.json(Http.get(uri("sim/v1/stats")).body()).getInt("started"));
  }

  @Test
  void metricsShowSpendAndSavingsPerTierFromTheRecords() throws Exception {
    meta("{\"q\":\"hello\"}");
    meta("{\"q\":\"hi\",\"tier\":\"SMART\"}");
    JsonObject today =
        Http.awaitJson(
                uri("api/v1/stream/metrics"),
                json -> json.getJsonObject("today").getJsonObject("tiers").containsKey("SMART"),
                Duration.ofSeconds(5))
            .getJsonObject("today");
    JsonObject nano = today.getJsonObject("tiers").getJsonObject("NANO");
    assertTrue(nano.getInt("requests") >= 1);
    double nanoSpend = nano.getJsonNumber("spend_usd").doubleValue();
    double nanoOnGenius = nano.getJsonNumber("genius_equivalent_usd").doubleValue();
    assertTrue(nanoSpend > 0);
    // sim/nano costs 0.1/0.4, sim/genius 15/75 per million tokens: 150x-190x dearer.
    assertTrue(nanoOnGenius > 100 * nanoSpend, nanoOnGenius + " vs " + nanoSpend);
    assertTrue(today.getJsonNumber("savings_usd").doubleValue() > 0);
    JsonObject nanoModel =
        Http.json(Http.get(uri("api/v1/stream/metrics")).body())
            .getJsonObject("models")
            .getJsonObject("sim/nano");
    assertEquals("NANO", nanoModel.getString("tier"));
    assertEquals(50, nanoModel.getInt("ttft_target_ms"));
    // The simulated TTFT here is 20 ms plus the relay: within NANO's 50 ms on a quiet machine,
    // so only the field's presence is asserted, not its value.
    assertTrue(nanoModel.containsKey("within_ttft_target"));
    assertNotEquals(
        0, today.getJsonObject("budget").getJsonNumber("spent_usd").doubleValue(), "spend booked");
  }
}
