package com.cogniforge.gateway.providers.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.providers.Provider;
import com.cogniforge.gateway.providers.ProviderKind;
import com.cogniforge.gateway.providers.StreamDecoder;
import com.cogniforge.gateway.providers.UpstreamChunk;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamFailure;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Gemini simulator answers what the gateway's own Gemini wire writes, and its events read back
 * through the same wire: the loop a demo or an integration test runs, without the container.
 */
class SimulatedGeminiTest {

  private static final String TOOLS =
      "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
          + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}]}";

  @Test
  void declaredFunctionsAreCalledWithASignedIdAndAToolCallsFinish() throws Exception {
    List<UpstreamChunk> chunks = roundTrip("gemini-3-flash", TOOLS, user("Weather in Paris?"));

    List<UpstreamDelta.ToolCallFragment> calls =
        chunks.stream()
            .map(UpstreamChunk::delta)
            .filter(d -> d != null && !d.toolCalls().isEmpty())
            .map(d -> d.toolCalls().get(0))
            .toList();
    assertEquals("get_weather", calls.get(0).name());
    assertTrue(calls.get(0).id().contains("__thought__"), calls.get(0).id());
    JsonObject args = JsonText.parseObject(calls.get(1).arguments());
    assertTrue(args.getString("city").startsWith("Weather in Paris"), args.toString());
    assertEquals("tool_calls", finish(chunks));
  }

  @Test
  void afterTheToolResultTheAnswerQuotesIt() throws Exception {
    String call =
        "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_9__thought__c2ln\","
            + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
    String result =
        "{\"role\":\"tool\",\"tool_call_id\":\"call_9__thought__c2ln\",\"content\":\"21 C\"}";

    List<UpstreamChunk> chunks =
        roundTrip(
            "gemini-3-flash", TOOLS, user("Weather in Paris?"), message(call), message(result));

    assertTrue(text(chunks).startsWith("The tool returned \"21 C\"."), text(chunks));
    assertEquals("stop", finish(chunks));
  }

  @Test
  void thoughtsStreamWhenAskedAndTheSystemInstructionCountsAsCached() throws Exception {
    List<UpstreamChunk> chunks =
        roundTrip(
            "gemini-2.5-flash",
            "{\"reasoning_effort\":\"low\"}",
            new ChatMessage("system", "You are terse and exact in every answer."),
            user("Why is the sky blue?"));

    String reasoning =
        chunks.stream()
            .map(UpstreamChunk::delta)
            .filter(d -> d != null && d.reasoning() != null)
            .map(UpstreamDelta::reasoning)
            .collect(Collectors.joining());
    assertFalse(reasoning.isEmpty());
    assertFalse(text(chunks).isEmpty());
    UpstreamChunk usage = chunks.stream().filter(UpstreamChunk::hasUsage).findFirst().orElseThrow();
    assertTrue(usage.cachedPromptTokens() > 0, "system instruction read from the cache");
    assertTrue(usage.cachedPromptTokens() < usage.promptTokens());
    assertEquals(8, usage.reasoningTokens());
    assertTrue(usage.completionTokens() > usage.reasoningTokens(), "thoughts billed as output");
  }

  @Test
  void theCapEndsTheAnswerWithLength() throws Exception {
    ChatRequest request =
        new ChatRequest(
                null, List.of(user("Tell me a long story")), null, JsonText.parseObject("{}"))
            .withMaxTokens(3);
    List<UpstreamChunk> chunks = decode(plan("gemini-2.5-flash", body(request)).events());

    assertEquals("length", finish(chunks));
    assertEquals(
        3, chunks.stream().filter(UpstreamChunk::hasUsage).findFirst().get().completionTokens());
  }

  @Test
  void aBlockedModelEndsAsContentFilterAndACutOneNeverFinishes() throws Exception {
    ChatRequest request =
        new ChatRequest(null, List.of(user("hi")), 64, JsonText.parseObject("{}"));

    assertEquals("content_filter", finish(decode(plan("sim-blocked", body(request)).events())));
    List<UpstreamChunk> cut = decode(plan("sim-cut", body(request)).events());
    assertTrue(cut.stream().allMatch(c -> c.finishReason() == null));
    assertFalse(text(cut).isEmpty());
  }

  private static List<UpstreamChunk> roundTrip(
      String model, String options, ChatMessage... messages) throws Exception {
    ChatRequest request =
        new ChatRequest(null, List.of(messages), 64, JsonText.parseObject(options));
    SimulatedGeminiServlet.Plan plan = plan(model, body(request));
    assertNotNull(plan.whole());
    return decode(plan.events());
  }

  private static SimulatedGeminiServlet.Plan plan(String model, JsonObject body) {
    return SimulatedGeminiServlet.plan(model, body, 12, (m, p) -> 0, 0);
  }

  /** What the gateway's Gemini wire sends for the request. */
  private static JsonObject body(ChatRequest request) throws UpstreamFailure {
    Provider provider =
        new Provider(
            "sim",
            ProviderKind.GEMINI,
            "http://127.0.0.1:1/sim/gemini",
            Optional.empty(),
            Map.of(),
            Map.of("m", "m"),
            new Provider.Timeouts(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    HttpRequest http =
        ProviderKind.GEMINI.wire().request(provider, "gemini-2.5-flash", request).build();
    HttpResponse.BodySubscriber<String> text =
        HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    http.bodyPublisher()
        .orElseThrow()
        .subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                text.onSubscribe(subscription);
              }

              @Override
              public void onNext(ByteBuffer item) {
                text.onNext(List.of(item));
              }

              @Override
              public void onError(Throwable throwable) {
                text.onError(throwable);
              }

              @Override
              public void onComplete() {
                text.onComplete();
              }
            });
    return JsonText.parseObject(text.getBody().toCompletableFuture().join());
  }

  private static List<UpstreamChunk> decode(List<String> events) throws UpstreamFailure {
    StreamDecoder decoder = ProviderKind.GEMINI.wire().decoder();
    List<UpstreamChunk> out = new ArrayList<>();
    for (String event : events) {
      decoder.decode(event, out::add);
    }
    return out;
  }

  private static ChatMessage user(String text) {
    return new ChatMessage("user", text);
  }

  private static ChatMessage message(String json) {
    JsonObject object = JsonText.parseObject(json);
    return new ChatMessage(object.getString("role"), "", 0, object);
  }

  private static String text(List<UpstreamChunk> chunks) {
    return chunks.stream()
        .filter(c -> c.delta() == null && c.text() != null)
        .map(UpstreamChunk::text)
        .collect(Collectors.joining());
  }

  private static String finish(List<UpstreamChunk> chunks) {
    return chunks.stream()
        .map(UpstreamChunk::finishReason)
        .filter(r -> r != null)
        .findFirst()
        .orElse(null);
  }
}
