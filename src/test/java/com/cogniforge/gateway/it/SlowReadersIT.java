package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that ask for a long answer and never read it, on both streaming endpoints, live and from
 * the response cache (a gateway started by {@code scripts/run}, as operators start it: simulated
 * provider, a 64 KiB buffer and a 2 s time-out): each is given up on once it falls a small buffer
 * behind or its bytes wait past the write time-out, its provider call is cancelled and its record
 * says {@code client_too_slow}, while a normal client beside them is served. This holds only
 * because the container's own write queue is bounded ({@code socket-write-buffer-size} in
 * scripts/run): unbounded, Grizzly took whatever was written and the gateway's bound never saw it.
 *
 * <p>On loopback the kernel takes about 2.8 MB into each socket's send buffer before the container
 * holds a byte, so every slow reader here costs the gateway about 3 MB of writes first; that, not
 * the gateway, is what limits how many of them a test on two cores can open.
 */
class SlowReadersIT {

  // Few, because each must outrun the kernel first: on loopback a socket's send buffer grows to
  // about 2.8 MB, all of which a client that never reads lets fill before the gateway holds a byte.
  private static final int SLOW = 5;
  // The fault: many non-reading clients at once. 100, not 1,000: each costs ~3 MB of
  // writes into the kernel first (2.8 MB send buffer on loopback), so 1,000 would pin 2.8 GB of
  // kernel socket memory (past this machine's tcp_mem pressure mark, 1.5 GB, for every process)
  // and take minutes of the two cores; over a real network the kernel keeps ~100 KB per socket.
  private static final int MANY = 100;
  private static final Map<String, String> ENV =
      Map.of(
          "SIM_TTFT_MS", "20",
          "SIM_INTER_TOKEN_MS", "0",
          "ENABLE_HYBRID_STREAMING", "true",
          "LLM_DAILY_BUDGET", "100000",
          "CLIENT_BUFFER_BYTES", "65536",
          "CLIENT_WRITE_TIMEOUT", "2",
          "STREAMING_HEARTBEAT_INTERVAL", "1",
          "HTTP_THREADS", "16");

  private static final List<String> PATHS = List.of("/api/v1/stream/chat", "/v1/chat/completions");

  private static Path data;
  private static GatewayProcess gateway;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "slow");
    gateway = GatewayProcess.startScript(GatewayProcess.freePort(), data, ENV);
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** A long answer: live, 100,000 tokens (4.5 MB of native events, 14 MB of OpenAI chunks). */
  private static String body(String path, String prompt, boolean cache) {
    // Cached: 36,000 tokens, about 5.3 MB of OpenAI chunks and still under the cache's 256K
    // characters.
    int tokens = cache ? 36_000 : 100_000;
    String options =
        ",\"max_tokens\":" + tokens + ",\"sim_tokens\":" + tokens + ",\"cache\":" + cache + "}";
    return path.startsWith("/v1/")
        ? "{\"messages\":[{\"role\":\"user\",\"content\":\""
            + prompt
            + "\"}],\"stream\":true"
            + options
        : "{\"q\":\"" + prompt + "\"" + options;
  }

  /** Sends the request on a socket with a tiny receive window and never reads the answer. */
  private static Socket stalled(String path, String body, String requestId) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", gateway.base.getPort()), 5000);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-Request-Id: "
                + requestId
                + "\r\nContent-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return socket;
  }

  private static List<Socket> stallMany(
      String prefix, List<String> paths, int each, String prompt, boolean cache)
      throws IOException {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < each; i++) {
      for (String path : paths) {
        sockets.add(
            stalled(path, body(path, prompt, cache), prefix + path.replace('/', '-') + "-" + i));
      }
    }
    return sockets;
  }

  private static void closeAll(List<Socket> sockets) {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** A normal client's short answer, timed from request to its last event. */
  private static long normalClientMs() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> answer =
        Http.send(
            HttpRequest.newBuilder(gateway.base.resolve("api/v1/stream/chat?q=quick&max_tokens=20"))
                .timeout(Duration.ofSeconds(20))
                .build());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(200, answer.statusCode());
    assertTrue(answer.body().contains("event: done"), answer.body());
    return ms;
  }

  private static long openStreams() throws Exception {
    return Http.json(Http.get(gateway.base.resolve("api/v1/stream/metrics")).body())
        .getJsonNumber("open_streams")
        .longValue();
  }

  /**
   * Waits (bounded) until every record of {@code prefix} is written; returns each one's outcome and
   * error code by request id ({@code client_cancelled/client_too_slow}, {@code ok/null}...).
   */
  private static Map<String, String> endings(String prefix, int expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, String> endings = Map.of();
    while (System.nanoTime() < deadline) {
      JsonObject usage = Http.json(Http.admin(gateway.base.resolve("api/v1/usage")).body());
      endings =
          usage.getJsonArray("records").stream()
              .map(JsonObject.class::cast)
              .filter(r -> r.getString("request_id").startsWith(prefix))
              .collect(
                  Collectors.toMap(
                      r -> r.getString("request_id"),
                      r ->
                          r.getString("outcome")
                              + "/"
                              + (r.isNull("error_code") ? "null" : r.getString("error_code"))));
      if (endings.size() >= expected) {
        return endings;
      }
      Thread.sleep(250);
    }
    return endings;
  }

  /**
   * The normal client is served at once; every stalled stream ends while its socket is open and
   * unread. An OpenAI stream (megabytes more than the kernel's send buffer of up to 4 MB holds)
   * must have been given up on; a native one of about that size may instead have been absorbed
   * whole by the socket below the gateway, and completed.
   */
  private void assertSlowReadersAreEnded(String prefix, List<Socket> sockets) throws Exception {
    int slow = sockets.size();
    try {
      long normalMs = normalClientMs();
      assertTrue(normalMs < 5_000, "a normal client beside them took " + normalMs + " ms");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long open = openStreams();
      while (open > 0 && System.nanoTime() < deadline) {
        Thread.sleep(250);
        open = openStreams();
      }
      assertEquals(0, open, "streams still open for clients that read nothing");
      Map<String, String> endings = endings(prefix, slow);
      assertEquals(slow, endings.size(), "records of the slow readers: " + endings);
      endings.forEach(
          (id, ending) ->
              assertTrue(
                  ending.equals("client_cancelled/client_too_slow")
                      || !id.contains("-v1-chat-completions-") && ending.equals("ok/null"),
                  id + " ended " + ending));
      System.out.printf(
          "SlowReadersIT %s: normal client %d ms; %s%n",
          prefix,
          normalMs,
          endings.values().stream()
              .collect(Collectors.groupingBy(e -> e, TreeMap::new, Collectors.counting())));
    } finally {
      closeAll(sockets);
    }
  }

  private static JsonObject simulatedProvider() throws Exception {
    return Http.json(Http.get(gateway.base.resolve("sim/v1/stats")).body());
  }

  @Test
  void liveStreamsToClientsThatDoNotReadAreEndedAndTheirCallsCancelled() throws Exception {
    String prefix = "live-" + Long.toHexString(System.nanoTime());
    long cancelledBefore = simulatedProvider().getJsonNumber("cancelled").longValue();
    List<Socket> sockets = stallMany(prefix, PATHS, SLOW, "tell me everything", false);
    assertSlowReadersAreEnded(prefix, sockets);
    // Seen from the provider: every one of those calls was cut off, none runs on.
    Http.awaitJson(
        gateway.base.resolve("sim/v1/stats"),
        stats ->
            stats.getJsonNumber("open").longValue() == 0
                && stats.getJsonNumber("cancelled").longValue() >= cancelledBefore + sockets.size(),
        Duration.ofSeconds(20));
  }

  /** Asks once, streamed, so that the next identical requests replay a long cached answer. */
  private void cacheLongAnswer(String path, String prompt) throws Exception {
    HttpResponse<String> first =
        Http.post(
            gateway.base.resolve(path.substring(1)), "application/json", body(path, prompt, true));
    assertEquals(200, first.statusCode());
    assertTrue(first.body().length() > 5_000_000, "a long answer: " + first.body().length());
  }

  /**
   * OpenAI chunks only: the longest cacheable answer in native events (about 2.3 MB) fits in the
   * kernel's send buffer (up to 4 MB here), so a replay to a native client that never reads simply
   * completes there.
   */
  @Test
  void cacheReplaysToClientsThatDoNotReadHoldLittleAndAreEnded() throws Exception {
    String prompt = "tell me everything again";
    String path = "/v1/chat/completions";
    cacheLongAnswer(path, prompt);
    String prefix = "replay-" + Long.toHexString(System.nanoTime());
    List<Socket> sockets = stallMany(prefix, List.of(path), 4 * SLOW, prompt, true);
    assertSlowReadersAreEnded(prefix, sockets);
    JsonObject hit = Http.usageRecord(gateway.base, prefix + "-v1-chat-completions-0");
    assertTrue(hit.getBoolean("cache_hit"), hit.toString());
  }

  /**
   * The fault: many clients that never read, side by side, replaying a cached answer that
   * does not fit their sockets. All are given up on while their sockets stay open, and what they
   * leave the gateway holding (heap after a full collection, threads) stays within a small bound
   * per socket: about the container's bounded queue (8 KiB counted, ~320 KB on the heap in its
   * buffers). Unbounded (CLIENT_SOCKET_BUFFER_BYTES=-1), Grizzly took the rest of every answer
   * (here ~2.5 MB each, far more on the heap) and the gateway, 1 GB of heap, ran out of memory.
   */
  @Test
  void manyClientsThatDoNotReadHoldASmallBoundEachAndNoThread() throws Exception {
    String prompt = "tell the many everything";
    String path = "/v1/chat/completions";
    cacheLongAnswer(path, prompt);
    JvmProbe jvm = new JvmProbe(gateway.pid());
    long heapBefore = jvm.heapAfterFullGc();
    long threadsBefore = jvm.liveThreads();

    String prefix = "many-" + Long.toHexString(System.nanoTime());
    List<Socket> sockets = stallMany(prefix, List.of(path), MANY, prompt, true);
    try {
      long besideMs = normalClientMs();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      Map<String, String> endings = endings(prefix, MANY);
      while (endings.size() < MANY && System.nanoTime() < deadline) {
        endings = endings(prefix, MANY);
      }
      long afterMs = normalClientMs();
      long heapDuring = jvm.heapAfterFullGc();
      long threadsDuring = jvm.liveThreads();
      System.out.printf(
          "SlowReadersIT %d non-reading sockets: heap after full GC %d MB before, %d MB with them"
              + " open and ended; threads %d before, %d; normal client %d ms beside them while they"
              + " filled, %d ms after; %s%n",
          MANY,
          heapBefore >> 20,
          heapDuring >> 20,
          threadsBefore,
          threadsDuring,
          besideMs,
          afterMs,
          endings.values().stream()
              .collect(Collectors.groupingBy(e -> e, TreeMap::new, Collectors.counting())));

      long heldPerSocket = (heapDuring - heapBefore) / MANY;
      assertTrue(
          heldPerSocket < 640 * 1024,
          "heap held per non-reading socket: " + (heldPerSocket >> 10) + " KiB");
      assertTrue(
          threadsDuring - threadsBefore < 40,
          "threads " + threadsBefore + " before, " + threadsDuring + " with the slow readers");
      assertEquals(MANY, endings.size(), "records of the slow readers: " + endings);
      endings.forEach(
          (id, ending) ->
              assertEquals("client_cancelled/client_too_slow", ending, id + " ended " + ending));
      assertEquals(0, openStreams(), "streams still open for clients that read nothing");
      // While the slow ones fill their sockets (~3 MB each) the two cores are busy, but replays
      // take turns with everyone else: 1.4-4.4 s seen, 20 s and more when each wrote its
      // megabytes in one go.
      assertTrue(besideMs < 10_000, "a normal client beside filling readers took " + besideMs);
      assertTrue(afterMs < 2_000, "a normal client beside stuck readers took " + afterMs + " ms");
    } finally {
      closeAll(sockets);
    }
  }
}
