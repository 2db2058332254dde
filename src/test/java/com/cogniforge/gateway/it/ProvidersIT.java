package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One gateway, four providers of three wire formats, each tier on another: {@code edge} (an
 * OpenAI-compatible test server of this test) and {@code local} (the gateway's own simulated
 * provider standing for a local server) both serve FAST's model, in that order; {@code claude} (the
 * simulated Anthropic Messages API) serves SMART; {@code gem} (the simulated Gemini API) serves
 * GENIUS. Clients speak OpenAI throughout. Then {@code edge} fails in the ways providers fail (a
 * first-token time-out, a 429, stopped) and the same model is served by {@code local}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvidersIT {

  private static TestUpstream edge;
  private static GatewayProcess gateway;

  @BeforeAll
  static void start() throws Exception {
    edge = TestUpstream.startOnFreePort();
    // Its first answer loads this JVM's JSON classes: not a provider's first-token time.
    Http.post(
        URI.create("http://127.0.0.1:" + edge.port() + "/v1/chat/completions"),
        "application/json",
        "{\"model\":\"warm/up\",\"messages\":[]}");
    int port = GatewayProcess.freePort();
    String self = "http://127.0.0.1:" + port;
    Map<String, String> env = new HashMap<>();
    env.put("PROVIDERS", "edge,local,claude,gem");
    env.put("PROVIDER_EDGE_BASE_URL", "http://127.0.0.1:" + edge.port() + "/v1");
    env.put("PROVIDER_EDGE_API_KEY", "edge-secret-key");
    env.put(
        "PROVIDER_EDGE_MODELS",
        "shared/model,slow/model=test/hang,limited/model=test/rate-limited");
    env.put("PROVIDER_EDGE_FIRST_TOKEN_TIMEOUT_MS", "1500");
    env.put("PROVIDER_LOCAL_BASE_URL", self + "/sim/v1");
    env.put("PROVIDER_LOCAL_MODELS", "shared/model,slow/model,limited/model,local/nano");
    env.put("PROVIDER_CLAUDE_KIND", "anthropic");
    env.put("PROVIDER_CLAUDE_BASE_URL", self + "/sim/anthropic");
    env.put("PROVIDER_CLAUDE_MODELS", "anthropic/claude-3.5-sonnet");
    env.put("PROVIDER_GEM_KIND", "gemini");
    env.put("PROVIDER_GEM_BASE_URL", self + "/sim/gemini");
    env.put("PROVIDER_GEM_MODELS", "google/gemini-2.5-flash");
    env.put("NANO_MODEL", "local/nano");
    env.put("FAST_MODEL", "shared/model");
    env.put("SMART_MODEL", "anthropic/claude-3.5-sonnet");
    env.put("GENIUS_MODEL", "google/gemini-2.5-flash");
    env.put("EXTRA_MODELS", "slow/model,limited/model");
    env.put("SIM_TTFT_MS", "20");
    env.put("SIM_INTER_TOKEN_MS", "2");
    env.put("SIM_TOKENS", "12");
    env.put("LLM_DAILY_BUDGET", "1000");
    Path data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "providers");
    gateway = GatewayProcess.start(port, data, env);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    edge.close();
  }

  private static URI uri(String path) {
    return gateway.base.resolve(path);
  }

  /** Streams one chat completion and returns its usage record. */
  private static JsonObject chat(String modelOrTier, String extra) throws Exception {
    String requestId = "prov-" + UUID.randomUUID();
    String route =
        modelOrTier.contains("/")
            ? "\"model\":" + Http.quote(modelOrTier)
            : "\"tier\":" + Http.quote(modelOrTier);
    SseCapture stream =
        SseCapture.send(
            HttpRequest.newBuilder(uri("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{"
                            + route
                            + ",\"stream\":true,\"cache\":false,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]"
                            + extra
                            + "}"))
                .build(),
            Duration.ofSeconds(20));
    assertEquals(200, stream.status, stream.body());
    assertTrue(stream.body().contains("data: [DONE]"), stream.body());
    return Http.usageRecord(gateway.base, requestId);
  }

  @Test
  @Order(1)
  void eachTierIsServedByItsOwnProviderInItsOwnWireFormat() throws Exception {
    Map<String, String> expected =
        Map.of("NANO", "local", "FAST", "edge", "SMART", "claude", "GENIUS", "gem");
    for (Map.Entry<String, String> tier : expected.entrySet()) {
      JsonObject record = chat(tier.getKey(), "");
      assertEquals(tier.getValue(), record.getString("provider"), record.toString());
      assertEquals("ok", record.getString("outcome"), record.toString());
      assertTrue(record.getInt("completion_tokens") > 0, record.toString());
      assertTrue(record.getJsonNumber("cost_usd").doubleValue() > 0, "never free: " + record);
    }
    JsonObject sonnet = chat("SMART", "");
    assertTrue(
        sonnet.getString("served_model").startsWith("claude-3-5-sonnet"),
        "Anthropic was called by the catalogue's native name: " + sonnet);
  }

  @Test
  @Order(2)
  void toolCallsComeBackAsOpenAiToolCallsFromAnthropicAndGemini() throws Exception {
    String tools =
        ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}}}],\"tool_choice\":\"required\"";
    for (String tier : List.of("SMART", "GENIUS")) {
      SseCapture stream =
          SseCapture.post(
              uri("v1/chat/completions"),
              "{\"tier\":\""
                  + tier
                  + "\",\"stream\":true,\"cache\":false,"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]"
                  + tools
                  + "}");
      String body = stream.body();
      assertEquals(200, stream.status, body);
      assertTrue(body.contains("\"tool_calls\":[{\"index\":0,\"id\":"), tier + ": " + body);
      assertTrue(body.contains("\"name\":\"get_weather\""), tier + ": " + body);
      assertTrue(body.contains("\"finish_reason\":\"tool_calls\""), tier + ": " + body);
    }
  }

  @Test
  @Order(3)
  void theModelListSaysWhichProvidersServeEachModelInFailoverOrder() throws Exception {
    JsonObject models = Http.json(Http.get(uri("v1/models")).body());
    JsonObject shared =
        models.getJsonArray("data").stream()
            .map(JsonObject.class::cast)
            .filter(m -> m.getString("id").equals("shared/model"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        List.of("edge", "local"),
        shared.getJsonArray("providers").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList());
    assertFalse(models.toString().contains("edge-secret-key"), "keys are never shown");
  }

  @Test
  @Order(4)
  void aProviderSilentPastItsFirstTokenTimeOutIsReplacedByTheNext() throws Exception {
    long start = System.nanoTime();
    JsonObject record = chat("slow/model", "");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals("local", record.getString("provider"), record.toString());
    assertTrue(
        record.getString("attempts").contains("slow/model@edge:failed_over"), record.toString());
    long ttft = record.getJsonNumber("ttft_ms").longValue();
    assertTrue(ttft >= 1500, "edge had 1500 ms before failing over: " + ttft);
    System.out.println(
        "failover after a first-token time-out (1500 ms): first token at "
            + ttft
            + " ms, total "
            + tookMs
            + " ms");
  }

  @Test
  @Order(5)
  void aRateLimitedProviderIsReplacedAtOnce() throws Exception {
    JsonObject record = chat("limited/model", "");
    assertEquals("local", record.getString("provider"), record.toString());
    assertTrue(
        record.getString("attempts").contains("limited/model@edge:failed_over"), record.toString());
    System.out.println(
        "failover after a 429: first token at " + record.getJsonNumber("ttft_ms") + " ms");
  }

  @Test
  @Order(6)
  void whenAProviderIsStoppedItsModelsAreServedByTheNextProvider() throws Exception {
    JsonObject before = chat("FAST", "");
    assertEquals("edge", before.getString("provider"));
    edge.close(); // the provider is gone: connections are refused
    for (int i = 0; i < 5; i++) {
      JsonObject record = chat("FAST", "");
      assertEquals("local", record.getString("provider"), record.toString());
      assertEquals("ok", record.getString("outcome"));
      System.out.println(
          "failover from a stopped provider, request "
              + (i + 1)
              + ": first token at "
              + record.getJsonNumber("ttft_ms")
              + " ms, attempts "
              + record.getString("attempts"));
    }
    SseCapture meta = SseCapture.get(uri("api/v1/stream/chat?q=hello&tier=FAST"));
    JsonObject first = Http.json(meta.events("meta").get(meta.events("meta").size() - 1).data());
    assertEquals("local", first.getString("provider"), meta.body());
  }

  @Test
  @Order(7)
  void theConsoleListsEachProviderItsKeyStateAndItsCircuitsButNeverTheKey() throws Exception {
    ConsoleSession session = new ConsoleSession(gateway.base);
    assertEquals(302, session.login(Http.ADMIN_PASSWORD).statusCode());
    String page = session.get("admin/status?lang=en").body();
    assertTrue(page.contains("id=\"providers\""), page);
    for (String name : List.of("edge", "local", "claude", "gem")) {
      assertTrue(page.contains("id=\"test-" + name + "\""), name + " has a test button");
    }
    assertTrue(page.contains("anthropic") && page.contains("gemini"), "each wire format shown");
    assertTrue(page.contains("failing: tried last"), "the stopped provider's circuit is open");
    assertFalse(page.contains("edge-secret-key"), "the key is never rendered");
    String unpriced = page.substring(page.indexOf("id=\"unpriced\""));
    unpriced = unpriced.substring(0, unpriced.indexOf("</div>"));
    assertTrue(unpriced.contains("shared/model"), "a model with no price is pointed out");
    assertFalse(unpriced.contains("claude-3.5-sonnet"), "the catalogue prices it");
    String arabic = session.get("admin/status?lang=ar").body();
    assertTrue(arabic.contains("المزوّدون"), "the section exists in Arabic too");
    session.get("admin/status?lang=en");
    session.post("admin/status/test-provider", Map.of("provider", "claude"), true);
    String tested = session.get("admin/status?lang=en").body();
    assertTrue(tested.contains("Connected: claude"), tested);
  }
}
