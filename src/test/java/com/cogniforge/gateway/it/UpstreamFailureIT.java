package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
 * The gateway configured for a real provider (key set, LLM_BASE_URL) pointed at {@link
 * TestUpstream}: what reaches the provider, and what clients see when the provider fails. This
 * deployment's first-token and idle time-outs are 1.5 s.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UpstreamFailureIT {

  private static TestUpstream upstream;

  @Deployment(testable = false)
  @TargetsContainer("upstream")
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

  private URI uri(String path) {
    return GatewayDeployment.loopback(reported).resolve(path);
  }

  private SseCapture nativeStream(String model) throws Exception {
    return SseCapture.post(
        uri("api/v1/stream/chat"),
        "{\"q\":\"hello\",\"model\":\"" + model + "\",\"temperature\":0.3}");
  }

  private static JsonObject onlyError(SseCapture stream) {
    List<SseCapture.Event> errors = stream.events("error");
    assertEquals(1, errors.size(), stream.body());
    assertTrue(stream.events("done").isEmpty());
    return Http.json(errors.get(0).data());
  }

  @Test
  void providerGetsKeyStreamingFlagsAndOptions() throws Exception {
    SseCapture stream = nativeStream("test/ok");
    assertEquals(200, stream.status);
    StringBuilder text = new StringBuilder();
    for (SseCapture.Event token : stream.events("token")) {
      text.append(Http.json(token.data()).getString("text"));
    }
    assertEquals("Hello world,\nمرحبا again!", text.toString());
    JsonObject done = Http.json(stream.events("done").get(0).data());
    assertEquals(11, done.getJsonObject("usage").getInt("prompt_tokens"));
    assertEquals(5, done.getJsonObject("usage").getInt("completion_tokens"));
    assertFalse(done.getJsonObject("usage").getBoolean("estimated"));
    assertEquals(
        "openai-compatible", Http.json(stream.events("meta").get(0).data()).getString("provider"));

    TestUpstream.Received request =
        upstream.received.stream()
            .filter(r -> r.body().getString("model").equals("test/ok"))
            .findFirst()
            .orElseThrow();
    assertEquals("Bearer test-upstream-key", request.authorization());
    assertTrue(request.body().getBoolean("stream"));
    assertTrue(request.body().getJsonObject("stream_options").getBoolean("include_usage"));
    assertEquals(0.3, request.body().getJsonNumber("temperature").doubleValue());
    assertEquals(
        "hello", request.body().getJsonArray("messages").getJsonObject(0).getString("content"));
  }

  @Test
  void serverErrorBecomesAnErrorEventAndA502() throws Exception {
    SseCapture stream = nativeStream("test/fail-500");
    assertEquals(1, stream.events("meta").size());
    JsonObject error = onlyError(stream);
    assertEquals("upstream_error", error.getString("code"));
    assertEquals(502, error.getInt("status"));
    assertTrue(error.getString("message").contains("upstream exploded"), error.toString());

    HttpResponse<String> openAi =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"model\":\"test/fail-500\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(502, openAi.statusCode());
    assertEquals(
        "upstream_error", Http.json(openAi.body()).getJsonObject("error").getString("code"));

    String requestId = Http.json(stream.events("meta").get(0).data()).getString("request_id");
    JsonObject record = Http.usageRecord(GatewayDeployment.loopback(reported), requestId);
    assertEquals("upstream_error", record.getString("outcome"));
    assertEquals("upstream_error", record.getString("error_code"));
  }

  @Test
  void rateLimitKeepsItsStatusAndRetryAfter() throws Exception {
    JsonObject error = onlyError(nativeStream("test/rate-limited"));
    assertEquals("upstream_rate_limited", error.getString("code"));
    assertEquals(7, error.getInt("retry_after"));

    HttpResponse<String> openAi =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"model\":\"test/rate-limited\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(429, openAi.statusCode());
    assertEquals("7", openAi.headers().firstValue("retry-after").orElse(""));
    assertEquals(
        "rate_limit_error", Http.json(openAi.body()).getJsonObject("error").getString("type"));
  }

  @Test
  void aProviderThatNeverAnswersTimesOutWithAClearError() throws Exception {
    long start = System.nanoTime();
    JsonObject error = onlyError(nativeStream("test/hang"));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    assertEquals("upstream_timeout", error.getString("code"));
    assertEquals(504, error.getInt("status"));
    assertTrue(elapsedMs >= 1400 && elapsedMs < 5000, "gave up after " + elapsedMs + " ms");

    HttpResponse<String> openAi =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"model\":\"test/hang\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(504, openAi.statusCode());
  }

  @Test
  void aStreamCutShortEndsWithAnErrorAfterThePartialText() throws Exception {
    SseCapture stream = nativeStream("test/cut");
    assertEquals(3, stream.events("token").size());
    JsonObject error = onlyError(stream);
    assertEquals("upstream_closed", error.getString("code"));

    String requestId = Http.json(stream.events("meta").get(0).data()).getString("request_id");
    JsonObject record = Http.usageRecord(GatewayDeployment.loopback(reported), requestId);
    assertEquals("upstream_error", record.getString("outcome"));
    assertTrue(record.getInt("completion_tokens") > 0, "partial usage is recorded");
    assertTrue(record.getBoolean("usage_estimated"));
    assertNotNull(record.getJsonNumber("ttft_ms"));
  }

  @Test
  void malformedChunkAndErrorChunkEndTheStream() throws Exception {
    SseCapture malformed = nativeStream("test/malformed");
    assertEquals(1, malformed.events("token").size());
    assertEquals("upstream_malformed_chunk", onlyError(malformed).getString("code"));

    SseCapture errorChunk = nativeStream("test/error-chunk");
    JsonObject error = onlyError(errorChunk);
    assertEquals("upstream_error", error.getString("code"));
    assertTrue(error.getString("message").contains("model overloaded"));

    // OpenAI clients, already streaming, get the error as a data event and no [DONE].
    SseCapture openAi =
        SseCapture.post(
            uri("v1/chat/completions"),
            "{\"model\":\"test/malformed\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(200, openAi.status);
    assertTrue(openAi.body().contains("\"code\":\"upstream_malformed_chunk\""), openAi.body());
    assertFalse(openAi.body().contains("[DONE]"));
  }

  @Test
  void clientDisconnectClosesTheProviderConnectionWithinASecond() throws Exception {
    upstream.slowStreamCancelledAtNanos = 0;
    long disconnectedAt =
        HangUp.afterFirstToken(
            reported.getPort(), "/api/v1/stream/chat?q=slow&model=test/slow", "slow-disconnect");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (upstream.slowStreamCancelledAtNanos == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(upstream.slowStreamCancelledAtNanos != 0, "provider connection never closed");
    long ms = (upstream.slowStreamCancelledAtNanos - disconnectedAt) / 1_000_000;
    assertTrue(ms < 1000, "provider connection closed " + ms + " ms after the disconnect");
    JsonObject record = Http.usageRecord(GatewayDeployment.loopback(reported), "slow-disconnect");
    assertEquals("client_cancelled", record.getString("outcome"));
  }

  @Test
  void aNonStreamedClientThatHangsUpCancelsTheProviderCall() throws Exception {
    URI base = GatewayDeployment.loopback(reported);
    // A write is the only way to find the client gone, and the first one after it left may still
    // succeed: it takes up to two heartbeats, 1 s apart for this test.
    assertEquals(
        200, Http.patchSettings(base, "{\"STREAMING_HEARTBEAT_INTERVAL\":\"1\"}").statusCode());
    long disconnectedAt;
    try {
      upstream.slowStreamCancelledAtNanos = 0;
      disconnectedAt =
          HangUp.nonStreamedAfter(
              reported.getPort(),
              "{\"model\":\"test/slow\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
              "slow-json-disconnect",
              700);
    } finally {
      Http.patchSettings(base, "{\"STREAMING_HEARTBEAT_INTERVAL\":\"5\"}");
    }
    long deadline = System.nanoTime() + 8_000_000_000L;
    while (upstream.slowStreamCancelledAtNanos == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(
        upstream.slowStreamCancelledAtNanos != 0,
        "provider call ran on after the client of a non-streamed request left");
    long ms = (upstream.slowStreamCancelledAtNanos - disconnectedAt) / 1_000_000;
    // Well before the answer's natural end (10 s after it began).
    assertTrue(ms < 8000, "provider connection closed " + ms + " ms after the disconnect");
    JsonObject record = Http.usageRecord(base, "slow-json-disconnect");
    assertEquals("client_cancelled", record.getString("outcome"));
    // The whole answer is about 200 tokens (100 ticks of two): the call was cut well before its
    // end. Heartbeat spaces begin 3 s into an answer (JsonAnswer.QUIET_NANOS), then a write fails.
    assertTrue(record.getInt("completion_tokens") < 150, record.toString());
  }

  @Test
  void aModelFailingBeforeItsFirstTokenIsReplacedByTheNextOfItsTier() throws Exception {
    // FAST is "test/flaky" (answers 500) then "test/ok" in this deployment.
    SseCapture stream =
        SseCapture.post(uri("api/v1/stream/chat"), "{\"q\":\"hello\",\"tier\":\"FAST\"}");
    List<SseCapture.Event> metas = stream.events("meta");
    assertEquals(2, metas.size(), stream.body());
    assertEquals("test/flaky", Http.json(metas.get(0).data()).getString("model"));
    JsonObject second = Http.json(metas.get(1).data());
    assertEquals("test/ok", second.getString("model"));
    assertEquals("test/flaky", second.getString("fallback_from"));
    assertEquals("FAST", second.getString("tier"));
    assertEquals(1, stream.events("done").size());
    assertTrue(stream.events("error").isEmpty());

    String requestId = Http.json(metas.get(0).data()).getString("request_id");
    JsonObject record = Http.usageRecord(GatewayDeployment.loopback(reported), requestId);
    assertEquals("ok", record.getString("outcome"));
    assertEquals("test/ok", record.getString("served_model"));
    // (a stale pooled connection may add a retry of test/ok in between)
    assertTrue(
        record.getString("attempts").startsWith("test/flaky:upstream_error,")
            && record.getString("attempts").endsWith(",test/ok:ok"),
        record.getString("attempts"));

    // The OpenAI endpoint had not committed yet: the client just sees the model that answered.
    HttpResponse<String> openAi =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"tier\":\"FAST\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(200, openAi.statusCode(), openAi.body());
    assertEquals("test/ok", Http.json(openAi.body()).getString("model"));
    assertEquals("test/ok", openAi.headers().firstValue("x-cogniforge-model").orElse(""));
  }

  @Test
  void noStreamIsLeftOpenAfterFailures() throws Exception {
    nativeStream("test/cut");
    nativeStream("test/fail-500");
    Http.awaitJson(
        uri("api/v1/stream/metrics"),
        json -> json.getInt("open_streams") == 0,
        Duration.ofSeconds(5));
  }

  private static final String TOOL_MESSAGES =
      "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Weather here and there?\"},"
          + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\","
          + "\"detail\":\"low\"}}]},{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":"
          + "\"earlier\",\"tool_calls\":[{\"id\":\"call_0\",\"type\":\"function\",\"function\":"
          + "{\"name\":\"locate\",\"arguments\":\"{}\"}}]},{\"role\":\"tool\",\"tool_call_id\":"
          + "\"call_0\",\"content\":\"Paris and Lyon\"}]";

  private static final String TOOL_OPTIONS =
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
          + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}],"
          + "\"tool_choice\":\"auto\",\"parallel_tool_calls\":true,\"reasoning_effort\":\"low\","
          + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"w\","
          + "\"schema\":{\"type\":\"object\"},\"strict\":true}},\"logprobs\":true,"
          + "\"top_logprobs\":1,\"seed\":7,\"user\":\"u-1\",\"metadata\":{\"k\":\"v\"}";

  @Test
  void toolCallsAndReasoningFromTheProviderReachOpenAiClientsAsWritten() throws Exception {
    String body =
        "{\"model\":\"test/tools\",\"stream\":true,\"messages\":"
            + TOOL_MESSAGES
            + ","
            + TOOL_OPTIONS
            + "}";
    SseCapture stream =
        SseCapture.send(
            java.net.http.HttpRequest.newBuilder(uri("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            Duration.ofSeconds(20));
    assertEquals(200, stream.status, stream.body());

    // What reached the provider: the client's messages and options, unchanged.
    JsonObject sent = Http.json(body);
    JsonObject received = upstream.received.get(upstream.received.size() - 1).body();
    assertEquals(sent.getJsonArray("messages"), received.getJsonArray("messages"));
    for (String option :
        List.of(
            "tools",
            "tool_choice",
            "parallel_tool_calls",
            "reasoning_effort",
            "response_format",
            "logprobs",
            "top_logprobs",
            "seed",
            "user",
            "metadata")) {
      assertEquals(sent.get(option), received.get(option), option);
    }

    // What reached the client: each of the provider's choices, byte for byte, in our frame.
    List<String> data =
        stream.lines.stream()
            .map(SseCapture.Line::text)
            .filter(l -> l.startsWith("data: {"))
            .map(l -> l.substring(6))
            .toList();
    String id = Http.json(data.get(0)).getString("id");
    for (String choice : TestUpstream.TOOL_CHOICES) {
      String frame =
          data.stream()
              .filter(d -> d.endsWith(",\"choices\":[" + choice + "]}"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("not relayed as written: " + choice));
      JsonObject chunk = Http.json(frame);
      assertEquals(id, chunk.getString("id"));
      assertEquals("test/tools", chunk.getString("model"));
    }
    long finishes =
        data.stream().filter(d -> d.contains("\"finish_reason\":\"tool_calls\"")).count();
    assertEquals(1, finishes, String.join("\n", data));
  }

  @Test
  void aNonStreamedAnswerMergesInterleavedToolCallsAndReasoning() throws Exception {
    HttpResponse<String> response =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"model\":\"test/tools\",\"messages\":" + TOOL_MESSAGES + "," + TOOL_OPTIONS + "}");
    assertEquals(200, response.statusCode(), response.body());
    JsonObject choice = Http.json(response.body()).getJsonArray("choices").getJsonObject(0);
    assertEquals("tool_calls", choice.getString("finish_reason"));
    JsonObject message = choice.getJsonObject("message");
    assertEquals("Two cities, two calls.", message.getString("reasoning_content"));
    assertTrue(message.isNull("content"));
    assertEquals(
        Http.json(
                "{\"calls\":[{\"id\":\"call_p\",\"type\":\"function\",\"function\":{\"name\":"
                    + "\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},{\"id\":"
                    + "\"call_l\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                    + "\"arguments\":\"{\\\"city\\\":\\\"Lyon\\\"}\"}}]}")
            .getJsonArray("calls"),
        message.getJsonArray("tool_calls"));
  }

  @Test
  void theNativeStreamGetsToolCallAndReasoningEvents() throws Exception {
    SseCapture stream =
        SseCapture.post(
            uri("api/v1/stream/chat"),
            "{\"model\":\"test/tools\",\"messages\":" + TOOL_MESSAGES + "," + TOOL_OPTIONS + "}");
    assertEquals(200, stream.status, stream.body());
    List<String> reasoning =
        stream.events("reasoning").stream()
            .map(e -> Http.json(e.data()).getString("text"))
            .toList();
    assertEquals(List.of("Two cities, ", "two calls."), reasoning);
    List<JsonObject> calls =
        stream.events("tool_call").stream().map(e -> Http.json(e.data())).toList();
    assertEquals(5, calls.size(), stream.body());
    assertEquals("call_p", calls.get(0).getString("id"));
    assertEquals("get_weather", calls.get(0).getString("name"));
    assertEquals(1, calls.get(1).getInt("index"));
    StringBuilder paris = new StringBuilder();
    for (JsonObject call : calls) {
      if (call.getInt("index") == 0) {
        paris.append(call.getString("arguments"));
      }
    }
    assertEquals("{\"city\":\"Paris\"}", paris.toString());
    JsonObject done = Http.json(stream.events("done").get(0).data());
    assertEquals("tool_calls", done.getString("finish_reason"));
  }
}
