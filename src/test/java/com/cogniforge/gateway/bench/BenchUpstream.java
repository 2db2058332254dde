package com.cogniforge.gateway.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenAI-compatible upstream for benchmarks, run as its own process so that its CPU is not the
 * gateway's. {@code POST /v1/chat/completions} answers a stream of {@code data: {chunk}} events
 * after a time to first token, one token per inter-token delay, then a finish chunk, a usage chunk
 * (when {@code stream_options.include_usage} is set, as the gateway always does) and {@code data:
 * [DONE]}. Tokens are written by a couple of timer threads, so thousands of open streams hold no
 * thread. JDK only ({@code com.sun.net.httpserver}).
 *
 * <p>The answer has {@code min(--tokens, max_tokens)} tokens; a request can override the timing
 * with the extra body fields {@code bench_ttft_ms}, {@code bench_inter_token_ms} and {@code
 * bench_tokens} (the gateway passes unknown options through to the provider).
 *
 * <pre>
 * java -cp target/test-classes com.cogniforge.gateway.bench.BenchUpstream \
 *     --port 0 --ttft-ms 50 --inter-token-ms 10 --tokens 100
 * </pre>
 *
 * Prints {@code LISTENING <port>} once it accepts connections.
 */
public final class BenchUpstream implements AutoCloseable {

  private static final Pattern INT_FIELD =
      Pattern.compile("\"(max_tokens|max_completion_tokens|bench_\\w+)\"\\s*:\\s*(\\d+)");
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final String[] WORDS = {
    "The", " gateway", " relays", " each", " token", " as", " soon", " as", " it", " arrives", ",",
    " and", " adds", " almost", " nothing", " to", " the", " time", " to", " first", " token", "."
  };

  /** Default timing, used when a request does not override it. */
  public record Timing(long ttftMs, long interTokenMs, int tokens) {}

  private final HttpServer server;
  private final ExecutorService acceptors;
  private final ScheduledThreadPoolExecutor ticks;
  private final Timing defaults;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong tokensSent = new AtomicLong();

  private BenchUpstream(HttpServer server, Timing defaults, int threads) {
    this.server = server;
    this.defaults = defaults;
    this.acceptors = Executors.newFixedThreadPool(threads, daemon("bench-upstream-http"));
    this.ticks = new ScheduledThreadPoolExecutor(threads, daemon("bench-upstream-tick"));
    ticks.setRemoveOnCancelPolicy(true);
  }

  /** Starts on 127.0.0.1 ({@code port} 0: a free one). */
  public static BenchUpstream start(int port, Timing defaults, int threads) throws IOException {
    // Small writes must leave at once: without TCP_NODELAY, Nagle holds a token back.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 8192);
    BenchUpstream upstream = new BenchUpstream(server, defaults, threads);
    server.setExecutor(upstream.acceptors);
    server.createContext("/v1/chat/completions", upstream::chat);
    server.createContext("/v1/models", upstream::models);
    server.createContext("/stats", upstream::stats);
    server.start();
    return upstream;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL a gateway's {@code LLM_BASE_URL} points at. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public long served() {
    return served.get();
  }

  @Override
  public void close() {
    server.stop(0);
    ticks.shutdownNow();
    acceptors.shutdownNow();
  }

  public static void main(String[] args) throws Exception {
    Args options = new Args(args);
    BenchUpstream upstream =
        start(
            options.integer("--port", 0),
            new Timing(
                options.integer("--ttft-ms", 50),
                options.integer("--inter-token-ms", 10),
                options.integer("--tokens", 100)),
            options.integer("--threads", 2));
    System.out.println("LISTENING " + upstream.port());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(upstream::close));
    Thread.currentThread().join();
  }

  private void models(HttpExchange exchange) throws IOException {
    byte[] body =
        "{\"object\":\"list\",\"data\":[{\"id\":\"bench\",\"object\":\"model\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void stats(HttpExchange exchange) throws IOException {
    byte[] body =
        String.format(
                "{\"open\":%d,\"served\":%d,\"tokens\":%d}",
                open.get(), served.get(), tokensSent.get())
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void chat(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(405, -1);
      exchange.close();
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    long ttftMs = defaults.ttftMs();
    long interTokenMs = defaults.interTokenMs();
    int tokens = defaults.tokens();
    int maxTokens = Integer.MAX_VALUE;
    Matcher field = INT_FIELD.matcher(body);
    while (field.find()) {
      long value = Long.parseLong(field.group(2));
      switch (field.group(1)) {
        case "max_tokens", "max_completion_tokens" -> maxTokens = (int) Math.min(value, maxTokens);
        case "bench_ttft_ms" -> ttftMs = value;
        case "bench_inter_token_ms" -> interTokenMs = value;
        case "bench_tokens" -> tokens = (int) value;
        default -> {}
      }
    }
    boolean includeUsage = body.replace(" ", "").contains("\"include_usage\":true");
    Stream stream =
        new Stream(
            exchange,
            Math.max(1, Math.min(tokens, maxTokens)),
            interTokenMs,
            includeUsage,
            body.length() / 4);
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0); // chunked: the stream's length is not known up front
    open.incrementAndGet();
    ticks.schedule(stream::tick, ttftMs, TimeUnit.MILLISECONDS);
  }

  /** One answer being streamed: each tick writes one chunk and schedules the next. */
  private final class Stream {
    private final HttpExchange exchange;
    private final OutputStream out;
    private final int tokens;
    private final long interTokenMs;
    private final boolean includeUsage;
    private final int promptTokens;
    private final String head;
    private int sent;

    Stream(
        HttpExchange exchange,
        int tokens,
        long interTokenMs,
        boolean includeUsage,
        int promptTokens) {
      this.exchange = exchange;
      this.out = exchange.getResponseBody();
      this.tokens = tokens;
      this.interTokenMs = interTokenMs;
      this.includeUsage = includeUsage;
      this.promptTokens = Math.max(1, promptTokens);
      this.head =
          "data: {\"id\":\"chatcmpl-bench"
              + served.incrementAndGet()
              + "\",\"object\":\"chat.completion.chunk\",\"created\":"
              + System.currentTimeMillis() / 1000
              + ",\"model\":\"bench\",\"choices\":[";
    }

    void tick() {
      try {
        if (sent == 0) {
          out.write(
              (head
                      + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                      + "\"finish_reason\":null}]}\n\n")
                  .getBytes(StandardCharsets.UTF_8));
        }
        out.write(
            (head
                    + "{\"index\":0,\"delta\":{\"content\":\""
                    + WORDS[sent % WORDS.length]
                    + "\"},\"finish_reason\":null}]}\n\n")
                .getBytes(StandardCharsets.UTF_8));
        sent++;
        tokensSent.incrementAndGet();
        if (sent < tokens) {
          out.flush();
          ticks.schedule(this::tick, interTokenMs, TimeUnit.MILLISECONDS);
          return;
        }
        out.write(
            (head + "{\"index\":0,\"delta\":{},\"finish_reason\":" + "\"stop\"}]}\n\n")
                .getBytes(StandardCharsets.UTF_8));
        if (includeUsage) {
          out.write(
              (head
                      + "],\"usage\":{\"prompt_tokens\":"
                      + promptTokens
                      + ",\"completion_tokens\":"
                      + tokens
                      + ",\"total_tokens\":"
                      + (promptTokens + tokens)
                      + "}}\n\n")
                  .getBytes(StandardCharsets.UTF_8));
        }
        out.write(DONE);
        end();
      } catch (IOException | RuntimeException clientGone) {
        end();
      }
    }

    private void end() {
      open.decrementAndGet();
      try {
        out.close();
      } catch (IOException ignored) {
        // the client went away first
      }
      exchange.close();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** {@code --name value} command-line options. */
  static final class Args {
    private final String[] args;

    Args(String[] args) {
      this.args = args;
    }

    String text(String name, String fallback) {
      for (int i = 0; i + 1 < args.length; i++) {
        if (args[i].equals(name)) {
          return args[i + 1];
        }
      }
      return fallback;
    }

    int integer(String name, int fallback) {
      return Integer.parseInt(text(name, String.valueOf(fallback)));
    }
  }
}
