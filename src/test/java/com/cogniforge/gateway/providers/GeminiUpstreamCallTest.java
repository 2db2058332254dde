package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Gemini wire over real HTTP: a loopback server speaking the Gemini API's stream and error
 * shapes, the call driven as {@link UpstreamClient} drives it. The model name picks how the server
 * behaves.
 */
class GeminiUpstreamCallTest {

  private static final String KEY = "AIzaSyD-TestKey_0123456789abcdefghijklm";

  private static HttpServer server;
  private static ScheduledExecutorService timers;
  private static HttpClient http;
  private static final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext("/v1beta/models/", GeminiUpstreamCallTest::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    timers = Executors.newSingleThreadScheduledExecutor();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    timers.shutdownNow();
  }

  @Test
  void aStreamedAnswerArrivesWithModelUsageAndFinishAndTheKeyOnlyInItsHeader() throws Exception {
    Recorder recorder = call("gemini-2.5-flash");

    assertNull(recorder.failure);
    assertEquals("stop", recorder.finish);
    assertEquals("Hello there.", String.join("", recorder.tokens));
    assertEquals("gemini-2.5-flash-001", recorder.model);
    assertEquals(
        List.of(3109, 27), recorder.usage, "prompt incl. cache; 7 candidates + 20 thoughts");
    assertEquals(List.of(3072, 20), recorder.details);
    String request = received.get(received.size() - 1);
    // The whole request URI comes before " key=": the key travels only in x-goog-api-key.
    assertTrue(
        request.startsWith(
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse key=" + KEY + " "),
        request);
    assertTrue(request.contains("\"maxOutputTokens\":128"), request);
  }

  @Test
  void a400KeepsGooglesExplanation() throws Exception {
    UpstreamFailure failure = call("bad-request").failure;

    assertEquals(UpstreamFailure.Kind.REJECTED_REQUEST, failure.kind());
    assertTrue(
        failure.getMessage().contains("Invalid value at 'generation_config.temperature'"),
        failure.getMessage());
  }

  @Test
  void anInvalidKeyNeverAppearsInTheMessage() throws Exception {
    UpstreamFailure badKey = call("bad-key").failure; // Google answers a wrong key with 400
    UpstreamFailure unauthenticated = call("unauthenticated").failure;

    assertTrue(badKey.getMessage().contains("API key not valid"), badKey.getMessage());
    assertFalse(badKey.getMessage().contains("AIza"), badKey.getMessage());
    assertEquals(UpstreamFailure.Kind.AUTH_FAILED, unauthenticated.kind());
    assertFalse(unauthenticated.getMessage().contains("AIza"), unauthenticated.getMessage());
  }

  @Test
  void a429TakesItsRetryHintFromGooglesRetryInfoInTheBody() throws Exception {
    UpstreamFailure failure = call("rate-limited").failure;

    assertEquals(UpstreamFailure.Kind.RATE_LIMITED, failure.kind());
    assertEquals(39L, failure.retryAfterSeconds(), "retryDelay 38.2s, rounded up");
  }

  @Test
  void aRetryAfterHeaderWinsOverTheBodysHint() throws Exception {
    UpstreamFailure failure = call("rate-limited-header").failure;

    assertEquals(UpstreamFailure.Kind.RATE_LIMITED, failure.kind());
    assertEquals(5L, failure.retryAfterSeconds());
  }

  @Test
  void aStreamCutMidAnswerIsClosedEarly() throws Exception {
    Recorder recorder;
    // JDK HttpServer will not drop a connection mid-body, so a bare socket plays the upstream.
    try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread cutter =
          new Thread(
              () -> {
                try (Socket socket = upstream.accept()) {
                  readRequest(socket.getInputStream());
                  OutputStream out = socket.getOutputStream();
                  out.write(
                      ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                              + "Content-Length: 100000\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  out.write(event(text("Hello", null, "")));
                  out.flush();
                  Thread.sleep(200);
                } catch (IOException | InterruptedException ignored) {
                  // closing the socket is the cut
                }
              });
      cutter.start();
      recorder = call("cut", upstream.getLocalPort());
      cutter.join();
    }

    assertEquals(List.of("Hello"), recorder.tokens);
    assertEquals(UpstreamFailure.Kind.CLOSED_EARLY, recorder.failure.kind());
  }

  @Test
  void aStreamThatEndsWithoutAFinishReasonIsClosedEarly() throws Exception {
    Recorder recorder = call("no-finish");

    assertEquals(List.of("Hello"), recorder.tokens);
    assertEquals(UpstreamFailure.Kind.CLOSED_EARLY, recorder.failure.kind());
    assertTrue(recorder.failure.getMessage().contains("before it finished"));
  }

  private static Recorder call(String model) throws Exception {
    return call(model, server.getAddress().getPort());
  }

  private static Recorder call(String model, int port) throws Exception {
    Provider provider =
        new Provider(
            "google",
            ProviderKind.GEMINI,
            "http://127.0.0.1:" + port,
            Optional.of(KEY),
            Map.of(),
            Map.of(model, model),
            new Provider.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    ChatRequest request =
        new ChatRequest(
            model, List.of(new ChatMessage("user", "hi")), 128, JsonText.parseObject("{}"));
    Recorder recorder = new Recorder();
    UpstreamCall call =
        new UpstreamCall(
            GeminiWire.INSTANCE, recorder, Duration.ofSeconds(5), Duration.ofSeconds(5));
    call.start(http, GeminiWire.INSTANCE.request(provider, model, request).build(), timers);
    assertTrue(recorder.ended.await(10, TimeUnit.SECONDS), "the call ended");
    assertTrue(recorder.finish != null || recorder.failure != null);
    if (recorder.failure != null) {
      assertNotNull(recorder.failure.getMessage());
    }
    return recorder;
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(
        exchange.getRequestURI()
            + " key="
            + exchange.getRequestHeaders().getFirst("x-goog-api-key")
            + " "
            + body);
    String path = exchange.getRequestURI().getPath();
    String model =
        path.substring("/v1beta/models/".length(), path.indexOf(":streamGenerateContent"));
    switch (model) {
      case "bad-request" ->
          error(
              exchange,
              400,
              null,
              "{\"error\":{\"code\":400,\"message\":\"Invalid value at"
                  + " 'generation_config.temperature' (TYPE_FLOAT), \\\"hot\\\"\","
                  + "\"status\":\"INVALID_ARGUMENT\"}}");
      case "bad-key" ->
          error(
              exchange,
              400,
              null,
              "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key."
                  + " ("
                  + KEY
                  + ")\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
                  + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\":\"API_KEY_INVALID\","
                  + "\"domain\":\"googleapis.com\"}]}}");
      case "unauthenticated" ->
          error(
              exchange,
              401,
              null,
              "{\"error\":{\"code\":401,\"message\":\"Request had invalid authentication"
                  + " credentials: "
                  + KEY
                  + "\",\"status\":\"UNAUTHENTICATED\"}}");
      case "rate-limited", "rate-limited-header" ->
          error(
              exchange,
              429,
              model.endsWith("header") ? "5" : null,
              "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, please check"
                  + " your plan and billing details.\",\"status\":\"RESOURCE_EXHAUSTED\","
                  + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
                  + "\"violations\":[{\"quotaMetric\":\"generativelanguage.googleapis.com/"
                  + "generate_content_free_tier_requests\"}]},{\"@type\":"
                  + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"38.2s\"}]}}");
      default -> {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(event(text("Hello", null, "")));
          out.flush();
          if (!model.equals("no-finish")) {
            out.write(
                event(
                    text(
                        " there.",
                        "STOP",
                        ",\"usageMetadata\":{\"promptTokenCount\":3109,"
                            + "\"cachedContentTokenCount\":3072,\"candidatesTokenCount\":7,"
                            + "\"thoughtsTokenCount\":20,\"totalTokenCount\":3136}")));
          }
        }
      }
    }
  }

  /** Reads a request's headers and its Content-Length body, so closing sends no reset early. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.append((char) b);
    }
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
      }
    }
  }

  private static String text(String text, String finish, String more) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\""
        + text
        + "\"}],\"role\":\"model\"}"
        + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"")
        + ",\"index\":0}],\"modelVersion\":\"gemini-2.5-flash-001\""
        + more
        + "}";
  }

  private static byte[] event(String json) {
    return ("data: " + json + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void error(HttpExchange exchange, int status, String retryAfter, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** What the call told its listener. */
  private static final class Recorder implements UpstreamListener {
    final List<String> tokens = new CopyOnWriteArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);
    volatile List<Integer> usage;
    volatile List<Integer> details;
    volatile String model;
    volatile String finish;
    volatile UpstreamFailure failure;

    @Override
    public void onToken(String text) {
      tokens.add(text);
    }

    @Override
    public void onUsage(int promptTokens, int completionTokens) {
      usage = List.of(promptTokens, completionTokens);
    }

    @Override
    public void onUsageDetails(int cachedPromptTokens, int reasoningTokens) {
      details = List.of(cachedPromptTokens, reasoningTokens);
    }

    @Override
    public void onServedModel(String served) {
      model = served;
    }

    @Override
    public void onComplete(String finishReason) {
      finish = finishReason;
      ended.countDown();
    }

    @Override
    public void onFailure(UpstreamFailure upstreamFailure) {
      failure = upstreamFailure;
      ended.countDown();
    }
  }
}
