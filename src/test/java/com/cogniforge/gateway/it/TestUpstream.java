package com.cogniforge.gateway.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenAI-compatible server on loopback that misbehaves on request: the model name picks the
 * behaviour ({@code test/ok}, {@code test/fail-500}, {@code test/rate-limited}, {@code test/hang},
 * {@code test/cut}, {@code test/malformed}, {@code test/error-chunk}, {@code test/slow}); the
 * hybrid engine's tests steer a few more through fields ({@code test/primary} and {@code
 * test/backup} wait before their first token, {@code test/toggle} fails while told to, {@code
 * test/shared} streams for a second, {@code test/shared-fail} breaks after five tokens). It records
 * what it received and when a client went away.
 */
public final class TestUpstream implements AutoCloseable {

  /** A request as the upstream saw it. */
  public record Received(String authorization, JsonObject body) {}

  public final List<Received> received = new CopyOnWriteArrayList<>();
  public volatile long slowStreamCancelledAtNanos;
  public volatile long primaryDelayMs;
  public volatile long backupDelayMs;
  public volatile boolean toggleFailing;

  /**
   * Streams of {@code test/primary}, {@code test/backup} and {@code test/shared} cut by the client.
   */
  public final AtomicInteger cancelled = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  private TestUpstream(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/v1/chat/completions", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Starts on the port the build reserved and passed to the gateway as LLM_BASE_URL. */
  public static TestUpstream start() throws IOException {
    return new TestUpstream(Integer.parseInt(System.getProperty("test.upstream.port")));
  }

  /**
   * Starts on a free port of its own (a provider of a gateway started with {@link GatewayProcess}).
   */
  public static TestUpstream startOnFreePort() throws IOException {
    return new TestUpstream(0);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonObject body =
          Http.json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"), body));
      switch (body.getString("model")) {
        case "test/fail-500", "test/flaky" -> error(exchange, 500, null, "upstream exploded");
        case "test/rate-limited" -> error(exchange, 429, "7", "slow down");
        case "test/hang" -> sleep(10_000); // never answers; the gateway must give up first
        case "test/cut" -> {
          OutputStream out = startStream(exchange);
          for (int i = 0; i < 3; i++) {
            send(out, chunk("part" + i + " "));
          }
          // ends the body cleanly but without finish reason or [DONE]
        }
        case "test/malformed" -> {
          OutputStream out = startStream(exchange);
          send(out, chunk("fine "));
          send(out, "{\"choices\": [oops");
          sleep(2_000);
        }
        case "test/error-chunk" -> {
          OutputStream out = startStream(exchange);
          send(out, chunk("fine "));
          send(out, "{\"error\":{\"message\":\"model overloaded\",\"code\":502}}");
          sleep(2_000);
        }
        case "test/slow" -> slow(startStream(exchange));
        case "test/primary" -> answerAfter(exchange, primaryDelayMs, "from primary");
        case "test/backup" -> answerAfter(exchange, backupDelayMs, "from backup");
        case "test/toggle" -> {
          if (toggleFailing) {
            error(exchange, 503, null, "toggled off");
          } else {
            ok(startStream(exchange));
          }
        }
        case "test/tools" -> toolsAndReasoning(startStream(exchange));
        case "test/shared" -> ticks(startStream(exchange), 20, false);
        case "test/shared-fail" -> ticks(startStream(exchange), 5, true);
        default -> ok(startStream(exchange));
      }
    } catch (IOException clientGone) {
      // the gateway closed the connection
    }
  }

  private void ok(OutputStream out) throws IOException {
    out.write(": provider keep-alive comment\n\n".getBytes(StandardCharsets.UTF_8));
    send(out, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}");
    send(out, chunk("Hello"));
    // One JSON document split over two data lines: SSE joins them with a newline.
    out.write(
        ("data: {\"choices\":[{\"index\":0,\"delta\":\n" + "data: {\"content\":\" world\"}}]}\n\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
    send(out, chunk(",\nمرحبا"));
    send(out, chunk(" again"));
    send(out, chunk("!"));
    send(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
    send(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":5}}");
    send(out, "[DONE]");
  }

  /**
   * The first choices of {@code test/tools}: reasoning under both names providers use, then two
   * tool calls whose argument fragments interleave (two calls in one chunk once), with logprobs.
   */
  public static final List<String> TOOL_CHOICES =
      List.of(
          "{\"index\":0,\"delta\":{\"reasoning_content\":\"Two cities, \"},\"finish_reason\":null}",
          "{\"index\":0,\"delta\":{\"reasoning\":\"two calls.\",\"reasoning_details\":[{\"type\":"
              + "\"reasoning.text\",\"text\":\"two calls.\"}]},\"finish_reason\":null}",
          "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_p\",\"type\":"
              + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
              + "\"logprobs\":{\"content\":[],\"refusal\":null},\"finish_reason\":null}",
          "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_l\",\"type\":"
              + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"ci\"}}]},"
              + "\"finish_reason\":null}",
          "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
              + "\"{\\\"city\\\":\\\"Pa\"}},{\"index\":1,\"function\":{\"arguments\":"
              + "\"ty\\\":\\\"Lyon\\\"}\"}}]},\"finish_reason\":null}",
          "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
              + "\"ris\\\"}\"}}]},\"finish_reason\":null}");

  private void toolsAndReasoning(OutputStream out) throws IOException {
    send(out, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}]}");
    for (String choice : TOOL_CHOICES) {
      send(out, "{\"id\":\"up-1\",\"model\":\"provider/x\",\"choices\":[" + choice + "]}");
    }
    send(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}");
    send(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":12}}");
    send(out, "[DONE]");
  }

  private void slow(OutputStream out) {
    try {
      for (int i = 0; i < 100; i++) {
        send(out, chunk("tick" + i + " "));
        sleep(100);
      }
    } catch (IOException gone) {
      slowStreamCancelledAtNanos = System.nanoTime();
    }
  }

  /** Headers at once, then the answer after {@code delayMs}; counts a cut connection. */
  private void answerAfter(HttpExchange exchange, long delayMs, String text) {
    try {
      OutputStream out = startStream(exchange);
      sleep(delayMs);
      for (String word : text.split(" ")) {
        send(out, chunk(word + " "));
      }
      send(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
      send(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2}}");
      send(out, "[DONE]");
    } catch (IOException gone) {
      cancelled.incrementAndGet();
    }
  }

  /** {@code count} tokens 50 ms apart, then the end or (when {@code fail}) an error chunk. */
  private void ticks(OutputStream out, int count, boolean fail) {
    try {
      for (int i = 0; i < count; i++) {
        send(out, chunk("s" + i + " "));
        sleep(50);
      }
      if (fail) {
        send(out, "{\"error\":{\"message\":\"shared call broke\",\"code\":502}}");
        sleep(1_000);
        return;
      }
      send(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
      send(out, "[DONE]");
    } catch (IOException gone) {
      cancelled.incrementAndGet();
    }
  }

  private static String chunk(String text) {
    return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + Http.quote(text)
        + "},\"finish_reason\":null}]}";
  }

  private static OutputStream startStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  private static void send(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void error(HttpExchange exchange, int status, String retryAfter, String message)
      throws IOException {
    byte[] body =
        ("{\"error\":{\"message\":\"" + message + "\",\"type\":\"upstream\"}}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
