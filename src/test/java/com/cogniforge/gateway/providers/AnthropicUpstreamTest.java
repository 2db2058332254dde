package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link UpstreamCall} through the Anthropic wire against a test upstream on a loopback port
 * that speaks Anthropic's HTTP: the request it receives, a full streamed answer, its error shapes
 * and a stream that breaks off.
 */
class AnthropicUpstreamTest {

  private static final String KEY = "sk-ant-api03-TESTKEYdoNotLeak_0123456789";

  private HttpServer server;
  private final AtomicReference<String> behaviour = new AtomicReference<>("answer");
  private final AtomicReference<Map<String, String>> seenHeaders = new AtomicReference<>();
  private final AtomicReference<String> seenBody = new AtomicReference<>();
  private final AtomicReference<String> seenPath = new AtomicReference<>();
  private ScheduledExecutorService timers;
  private HttpClient http;

  static final String ANSWER =
      event(
              "message_start",
              "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                  + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\","
                  + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,"
                  + "\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":200,\"output_tokens\":1}}}")
          + event(
              "content_block_start",
              "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
          + event("ping", "{\"type\": \"ping\"}")
          + event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}")
          + event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" world\"}}")
          + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");

  static final String END =
      event(
              "message_delta",
              "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                  + "\"usage\":{\"output_tokens\":7}}")
          + event("message_stop", "{\"type\":\"message_stop\"}");

  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    timers = Executors.newSingleThreadScheduledExecutor();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    timers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    seenPath.set(exchange.getRequestURI().getPath());
    seenHeaders.set(
        Map.of(
            "x-api-key", String.valueOf(exchange.getRequestHeaders().getFirst("x-api-key")),
            "anthropic-version",
                String.valueOf(exchange.getRequestHeaders().getFirst("anthropic-version")),
            "anthropic-beta",
                String.valueOf(exchange.getRequestHeaders().getFirst("anthropic-beta")),
            "authorization",
                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"))));
    seenBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    switch (behaviour.get()) {
      case "answer" -> stream(exchange, ANSWER + END, true);
      case "no-end" -> stream(exchange, ANSWER, true);
      case "finish-no-stop" ->
          stream(exchange, ANSWER + END.substring(0, END.indexOf("event: message_stop")), true);
      case "cut" -> stream(exchange, ANSWER, false);
      case "400" ->
          error(exchange, 400, "invalid_request_error", "max_tokens: Field required", Map.of());
      case "401" ->
          error(exchange, 401, "authentication_error", "invalid x-api-key " + KEY, Map.of());
      case "429" ->
          error(
              exchange,
              429,
              "rate_limit_error",
              "Number of request tokens has exceeded your per-minute rate limit",
              Map.of("retry-after", "17"));
      case "529" -> error(exchange, 529, "overloaded_error", "Overloaded", Map.of());
      default -> throw new IllegalStateException(behaviour.get());
    }
  }

  private static void stream(HttpExchange exchange, String body, boolean complete)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    // A cut stream announces more than it sends, then the connection drops mid-answer.
    exchange.sendResponseHeaders(200, complete ? 0 : bytes.length + 1000);
    OutputStream out = exchange.getResponseBody();
    out.write(bytes);
    out.flush();
    exchange.close();
  }

  private static void error(
      HttpExchange exchange, int status, String type, String message, Map<String, String> headers)
      throws IOException {
    byte[] body =
        ("{\"type\":\"error\",\"error\":{\"type\":\""
                + type
                + "\",\"message\":\""
                + message
                + "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}")
            .getBytes(StandardCharsets.UTF_8);
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  /** What a call told its listener. */
  static final class Heard implements UpstreamListener {
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<String> end = new CompletableFuture<>();
    volatile UpstreamFailure failure;
    volatile int prompt = -1;
    volatile int completion = -1;
    volatile int cached = -1;
    volatile int cacheWrite = -1;
    volatile int usageReports;
    volatile String model;

    @Override
    public void onToken(String token) {
      text.append(token);
    }

    @Override
    public void onUsage(int promptTokens, int completionTokens) {
      usageReports++;
      prompt = promptTokens;
      completion = completionTokens;
    }

    @Override
    public void onUsageDetails(int cachedPromptTokens, int reasoningTokens) {
      cached = cachedPromptTokens;
    }

    @Override
    public void onCacheWriteTokens(int tokens) {
      cacheWrite = tokens;
    }

    @Override
    public void onServedModel(String served) {
      model = served;
    }

    @Override
    public void onComplete(String finishReason) {
      end.complete(finishReason);
    }

    @Override
    public void onFailure(UpstreamFailure upstreamFailure) {
      failure = upstreamFailure;
      end.complete(null);
    }
  }

  private Heard call(String behaviourName) throws Exception {
    behaviour.set(behaviourName);
    Provider provider =
        new Provider(
            "claude",
            ProviderKind.ANTHROPIC,
            "http://127.0.0.1:" + server.getAddress().getPort(),
            Optional.of(KEY),
            Map.of("anthropic-beta", "prompt-caching-2024-07-31"),
            Map.of("sonnet", "claude-sonnet-4-5"),
            new Provider.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    ChatRequest request =
        AnthropicRequestTest.openAi(
            "{'messages':[{'role':'system','content':'Be kind.'},{'role':'user','content':'Hi'}]}",
            256);
    Heard heard = new Heard();
    ProviderWire wire = provider.kind().wire();
    UpstreamCall call = new UpstreamCall(wire, heard, Duration.ofSeconds(5), Duration.ofSeconds(5));
    call.start(
        http,
        wire.request(
                provider,
                provider.upstreamName("sonnet", id -> java.util.Optional.empty()),
                request)
            .timeout(Duration.ofSeconds(5))
            .build(),
        timers);
    heard.end.get(10, TimeUnit.SECONDS);
    return heard;
  }

  @Test
  void aStreamedAnswerArrivesWithItsModelAndOneUsageCountingCacheTokens() throws Exception {
    Heard heard = call("answer");

    assertNull(heard.failure);
    assertEquals("stop", heard.end.get());
    assertEquals("Hello world", heard.text.toString());
    assertEquals("claude-sonnet-4-5-20250929", heard.model);
    assertEquals(1, heard.usageReports);
    assertEquals(12 + 100 + 200, heard.prompt);
    assertEquals(7, heard.completion);
    assertEquals(200, heard.cached);
    assertEquals(100, heard.cacheWrite);
  }

  @Test
  void theRequestGoesToV1MessagesWithTheKeyTheVersionAndTheOperatorsHeaders() throws Exception {
    call("answer");

    assertEquals("/v1/messages", seenPath.get());
    assertEquals(KEY, seenHeaders.get().get("x-api-key"));
    assertEquals("2023-06-01", seenHeaders.get().get("anthropic-version"));
    assertEquals("prompt-caching-2024-07-31", seenHeaders.get().get("anthropic-beta"));
    assertEquals("null", seenHeaders.get().get("authorization"));
    JsonObject body = JsonText.parseObject(seenBody.get());
    assertEquals("claude-sonnet-4-5", body.getString("model"));
    assertEquals(256, body.getInt("max_tokens"));
    assertTrue(body.getBoolean("stream"));
    assertEquals("Be kind.", body.getJsonArray("system").getJsonObject(0).getString("text"));
  }

  @Test
  void a400IsARejectedRequestWithAnthropicsWords() throws Exception {
    UpstreamFailure failure = call("400").failure;

    assertEquals(UpstreamFailure.Kind.REJECTED_REQUEST, failure.kind());
    assertTrue(
        failure.getMessage().contains("invalid_request_error: max_tokens: Field required"),
        failure.getMessage());
    assertFalse(failure.worthAnotherProvider());
  }

  @Test
  void a401NeverShowsTheKey() throws Exception {
    UpstreamFailure failure = call("401").failure;

    assertEquals(UpstreamFailure.Kind.AUTH_FAILED, failure.kind());
    assertFalse(failure.getMessage().contains("sk-ant"), failure.getMessage());
    assertFalse(failure.getMessage().contains("TESTKEY"), failure.getMessage());
  }

  @Test
  void aWireErrorMessageMasksAKeyEvenOutsideA401() {
    String message =
        AnthropicWire.INSTANCE.errorMessage(
            "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad "
                + KEY
                + "\"}}");
    assertEquals("invalid_request_error: bad [redacted]", message);
  }

  @Test
  void a429IsRateLimitedWithTheRetryAfterHeader() throws Exception {
    UpstreamFailure failure = call("429").failure;

    assertEquals(UpstreamFailure.Kind.RATE_LIMITED, failure.kind());
    assertEquals(17L, failure.retryAfterSeconds());
    assertTrue(failure.getMessage().contains("rate_limit_error"), failure.getMessage());
  }

  @Test
  void a529OverloadedIsAServerErrorThatFailsOver() throws Exception {
    UpstreamFailure failure = call("529").failure;

    assertEquals(UpstreamFailure.Kind.SERVER_ERROR, failure.kind());
    assertEquals(529, failure.upstreamStatus());
    assertTrue(failure.worthAnotherProvider());
  }

  @Test
  void aStreamCutMidAnswerClosesEarly() throws Exception {
    Heard heard = call("cut");

    assertNotNull(heard.failure);
    assertEquals(UpstreamFailure.Kind.CLOSED_EARLY, heard.failure.kind());
    assertTrue(heard.failure.getMessage().contains("broke mid-stream"), heard.failure.getMessage());
    assertEquals("Hello world", heard.text.toString());
  }

  @Test
  void aStreamEndingWithoutStopReasonOrMessageStopClosesEarly() throws Exception {
    Heard heard = call("no-end");

    assertEquals(UpstreamFailure.Kind.CLOSED_EARLY, heard.failure.kind());
    assertTrue(
        heard.failure.getMessage().contains("before it finished"), heard.failure.getMessage());
  }

  @Test
  void aStreamWithAStopReasonButNoMessageStopStillCompletes() throws Exception {
    Heard heard = call("finish-no-stop");

    assertNull(heard.failure);
    assertEquals("stop", heard.end.get());
    assertEquals(1, heard.usageReports);
  }

  @Test
  void theKindIsConfiguredByNameWithAnthropicsBaseUrlByDefault() {
    assertEquals(Optional.of(ProviderKind.ANTHROPIC), ProviderKind.named("anthropic"));
    assertEquals("https://api.anthropic.com", ProviderKind.ANTHROPIC.defaultBaseUrl());
  }
}
