package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hybrid engine's response cache on the deployed WAR (simulated provider with a 300 ms time to
 * first token; entries live 2 s, up to 6 s when hit; at most 10 entries).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HybridCacheIT {

  @Deployment(testable = false)
  @TargetsContainer("hybrid")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI uri(String path) {
    return GatewayDeployment.loopback(reported).resolve(path);
  }

  private static String prompt() {
    return "cache me " + UUID.randomUUID();
  }

  private static String body(String prompt, String extra) {
    return "{"
        + extra
        + "\"messages\":[{\"role\":\"user\",\"content\":"
        + Http.quote(prompt)
        + "}]}";
  }

  private HttpResponse<String> chat(String body) throws Exception {
    return Http.post(uri("v1/chat/completions"), "application/json", body);
  }

  private static String cache(HttpResponse<String> response) {
    return response.headers().firstValue("X-CogniForge-Cache").orElseThrow();
  }

  private long upstreamCalls() throws Exception {
    return Http.json(Http.get(uri("sim/v1/stats")).body()).getJsonNumber("started").longValue();
  }

  private static String text(HttpResponse<String> response) {
    return Http.json(response.body())
        .getJsonArray("choices")
        .getJsonObject(0)
        .getJsonObject("message")
        .getString("content");
  }

  @Test
  void aRepeatedRequestIsReplayedFromTheCacheWithoutAProviderCall() throws Exception {
    String prompt = prompt();
    HttpResponse<String> first = chat(body(prompt, ""));
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("MISS", cache(first));
    long calls = upstreamCalls();

    HttpResponse<String> second = chat(body(prompt, ""));
    assertEquals("HIT", cache(second));
    assertEquals(text(first), text(second), "the same answer");
    assertEquals(calls, upstreamCalls(), "no provider call");
    JsonObject record =
        Http.usageRecord(
            GatewayDeployment.loopback(reported),
            second.headers().firstValue("X-Request-Id").orElseThrow());
    assertTrue(record.getBoolean("cache_hit"));
    assertEquals(0.0, record.getJsonNumber("cost_usd").doubleValue());
    assertTrue(record.getInt("ttft_ms") < 100, "served at once: " + record);
    JsonObject missRecord =
        Http.usageRecord(
            GatewayDeployment.loopback(reported),
            first.headers().firstValue("X-Request-Id").orElseThrow());
    assertTrue(missRecord.getInt("ttft_ms") >= 300, "the provider's TTFT: " + missRecord);

    SseCapture stream = SseCapture.post(uri("api/v1/stream/chat"), body(prompt, ""));
    JsonObject meta = Http.json(stream.events("meta").get(0).data());
    assertTrue(meta.getBoolean("cached"), meta.toString());
    assertEquals(1, stream.events("done").size());
    assertEquals(calls, upstreamCalls());
  }

  /** One streamed request through the OpenAI Java SDK: its cache header, answer and reasoning. */
  private record Streamed(String cache, ChatCompletion completion, String reasoning) {}

  private Streamed streamWithJavaSdk(OpenAIClient client, ChatCompletionCreateParams params) {
    HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw =
        client.chat().completions().withRawResponse().createStreaming(params);
    ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
    StringBuilder reasoning = new StringBuilder();
    try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
      stream.stream()
          .forEach(
              chunk -> {
                accumulator.accumulate(chunk);
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                  JsonValue part = choice.delta()._additionalProperties().get("reasoning_content");
                  if (part != null) {
                    reasoning.append(part.asString().orElse(""));
                  }
                }
              });
    }
    return new Streamed(
        raw.headers().values("X-CogniForge-Cache").get(0),
        accumulator.chatCompletion(),
        reasoning.toString());
  }

  @Test
  void aToolCallWithReasoningReplaysThroughTheJavaSdkAsFirstStreamed() {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(uri("v1").toString())
            .apiKey("sk-not-needed")
            .maxRetries(0)
            .build();
    try {
      ChatCompletionCreateParams params =
          ChatCompletionCreateParams.builder()
              .model("auto")
              .addUserMessage(prompt())
              .addTool(
                  ChatCompletionFunctionTool.builder()
                      .function(
                          FunctionDefinition.builder()
                              .name("lookup")
                              .parameters(
                                  FunctionParameters.builder()
                                      .putAdditionalProperty("type", JsonValue.from("object"))
                                      .putAdditionalProperty(
                                          "properties",
                                          JsonValue.from(Map.of("q", Map.of("type", "string"))))
                                      .build())
                              .build())
                      .build())
              .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
              .putAdditionalBodyProperty("sim_reasoning_tokens", JsonValue.from(3))
              .build();
      Streamed first = streamWithJavaSdk(client, params);
      Streamed second = streamWithJavaSdk(client, params);

      assertEquals("MISS", first.cache());
      assertEquals("HIT", second.cache());
      ChatCompletionMessageFunctionToolCall called =
          first
              .completion()
              .choices()
              .get(0)
              .message()
              .toolCalls()
              .orElseThrow()
              .get(0)
              .asFunction();
      ChatCompletionMessageFunctionToolCall replayed =
          second
              .completion()
              .choices()
              .get(0)
              .message()
              .toolCalls()
              .orElseThrow()
              .get(0)
              .asFunction();
      assertEquals("lookup", called.function().name());
      assertEquals(called.id(), replayed.id());
      assertEquals(called.function().name(), replayed.function().name());
      assertEquals(called.function().arguments(), replayed.function().arguments());
      assertEquals(
          ChatCompletion.Choice.FinishReason.TOOL_CALLS,
          second.completion().choices().get(0).finishReason());
      assertEquals(3, first.reasoning().strip().split("\\s+").length, first.reasoning());
      assertEquals(first.reasoning(), second.reasoning());
      CompletionUsage missUsage = first.completion().usage().orElseThrow();
      CompletionUsage hitUsage = second.completion().usage().orElseThrow();
      assertEquals(missUsage.completionTokens(), hitUsage.completionTokens());
      assertEquals(
          3L, missUsage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow());
      assertEquals(
          3L,
          hitUsage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow(),
          "the replay reports the reasoning it replays: " + hitUsage);
      assertEquals(0.0, hitUsage._additionalProperties().get("cost").convert(Double.class));
    } finally {
      client.close();
    }
  }

  @Test
  void clientsCanOptOutAndOutputChangingOptionsMatter() throws Exception {
    String prompt = prompt();
    assertEquals("MISS", cache(chat(body(prompt, "\"temperature\":0.2,\"seed\":7,"))));
    assertEquals(
        "HIT", cache(chat(body(prompt, "\"seed\":7,\"temperature\":0.2,"))), "option order");
    assertEquals("MISS", cache(chat(body(prompt, "\"temperature\":0.9,\"seed\":7,"))));
    assertEquals(
        "MISS", cache(chat(body(prompt, "\"cache\":false,\"temperature\":0.2,\"seed\":7,"))));
    HttpResponse<String> noCache =
        Http.send(
            HttpRequest.newBuilder(uri("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Cache-Control", "no-cache")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        body(prompt, "\"temperature\":0.2,\"seed\":7,")))
                .build());
    assertEquals("MISS", cache(noCache));
    assertEquals(400, chat(body(prompt, "\"cache\":\"yes\",")).statusCode());
  }

  @Test
  void entriesExpireButOnesThatAreHitLiveLonger() throws Exception {
    String once = prompt();
    String popular = prompt();
    chat(body(once, ""));
    chat(body(popular, ""));
    Thread.sleep(1_000);
    assertEquals("HIT", cache(chat(body(popular, "")))); // extends it to 2 s x 2 hits from now
    Thread.sleep(1_500);
    assertEquals("MISS", cache(chat(body(once, ""))), "expired after 2 s");
    assertEquals("HIT", cache(chat(body(popular, ""))), "still there thanks to its hit");
  }

  @Test
  void theCacheHoldsNoMoreThanItsBound() throws Exception {
    for (int i = 0; i < 15; i++) {
      assertEquals(200, chat(body(prompt(), "")).statusCode());
    }
    long entries =
        Http.json(Http.get(uri("api/v1/stream/metrics")).body())
            .getJsonObject("cache")
            .getJsonNumber("entries")
            .longValue();
    assertTrue(entries <= 10 && entries > 0, "entries " + entries);
  }

  @Test
  void turningHybridModeOffStopsTheCacheAtOnce() throws Exception {
    String prompt = prompt();
    chat(body(prompt, ""));
    assertEquals("HIT", cache(chat(body(prompt, ""))));
    assertEquals(200, patch("{\"ENABLE_HYBRID_STREAMING\":false}").statusCode());
    try {
      assertEquals("MISS", cache(chat(body(prompt, ""))));
    } finally {
      assertEquals(200, patch("{\"ENABLE_HYBRID_STREAMING\":true}").statusCode());
    }
    assertEquals("HIT", cache(chat(body(prompt, ""))));
  }

  @Test
  void prometheusMetricsCountRequestsHitsAndPerModelLatency() throws Exception {
    String prompt = prompt();
    chat(body(prompt, ""));
    chat(body(prompt, ""));
    HttpResponse<String> scrape =
        Http.send(HttpRequest.newBuilder(uri("metrics")).header("Accept", "text/plain").build());
    assertEquals(200, scrape.statusCode(), scrape.body());
    String text = scrape.body();
    assertTrue(text.contains("cogniforge_requests_total"), text);
    assertTrue(text.contains("outcome=\"ok\""), text);
    assertTrue(text.contains("cogniforge_cache_hits_total"), text);
    assertTrue(text.contains("cogniforge_model_ttft_p95_ms{"), text);
    java.util.regex.Matcher p50 =
        java.util.regex.Pattern.compile("cogniforge_model_ttft_p50_ms\\{[^}]*\\} ([0-9.]+)")
            .matcher(text);
    assertTrue(p50.find(), text);
    assertTrue(Double.parseDouble(p50.group(1)) >= 300, "the provider's TTFT, not the hit's");
    assertTrue(text.contains("model=\"openai/gpt-4o-mini\""), text);
    assertTrue(text.contains("cogniforge_open_streams"), text);
  }

  @Test
  void fastStreamsAreGroupedIntoChunksSlowOnesAreNot() throws Exception {
    String fast = "\"cache\":false,\"sim_tokens\":40,\"sim_inter_token_ms\":1,";
    SseCapture single = SseCapture.post(uri("api/v1/stream/chat"), body("chunk me", fast));
    assertEquals(40, single.events("token").size(), "chunk size 1: one event a token");
    assertEquals(200, patch("{\"STREAMING_CHUNK_SIZE\":4}").statusCode());
    try {
      SseCapture grouped = SseCapture.post(uri("api/v1/stream/chat"), body("chunk me", fast));
      int events = grouped.events("token").size();
      assertTrue(events >= 10 && events <= 20, "40 tokens in groups of up to 4: " + events);
      assertEquals(joined(single), joined(grouped), "the same text");
      assertEquals(
          1,
          Http.json(grouped.events("token").get(0).data()).getString("text").split(" ").length,
          "the first token goes out alone, at once");

      String slow = "\"cache\":false,\"sim_tokens\":6,\"sim_inter_token_ms\":80,";
      SseCapture paced = SseCapture.post(uri("api/v1/stream/chat"), body("slow one", slow));
      assertEquals(6, paced.events("token").size(), "a slow provider's tokens are not held back");
    } finally {
      assertEquals(200, patch("{\"STREAMING_CHUNK_SIZE\":1}").statusCode());
    }
  }

  private static String joined(SseCapture stream) {
    StringBuilder text = new StringBuilder();
    stream.events("token").forEach(e -> text.append(Http.json(e.data()).getString("text")));
    return text.toString();
  }

  private HttpResponse<String> patch(String json) throws Exception {
    return Http.send(
        HttpRequest.newBuilder(uri("api/v1/settings"))
            .header("Authorization", Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }
}
