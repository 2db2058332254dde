package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure over real HTTP: while the client side says it has no room, the call reads nothing
 * more from the provider, whose writes then block on the full connection, and the provider's idle
 * time-out does not count that wait; once there is room, the rest arrives.
 */
class UpstreamBackPressureTest {

  private static final int CHUNKS = 60_000; // about 8 MB: more than loopback buffers hold
  private static final byte[] CHUNK =
      ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
              + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \"},"
              + "\"finish_reason\":null}]}\n\n")
          .getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private ScheduledExecutorService timers;
  private final AtomicLong written = new AtomicLong();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext("/chat/completions", this::stream);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    timers = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    timers.shutdownNow();
  }

  private void stream(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < CHUNKS; i++) {
        out.write(CHUNK);
        written.addAndGet(CHUNK.length);
      }
      out.write(
          ("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                  + "data: [DONE]\n\n")
              .getBytes(StandardCharsets.UTF_8));
    } catch (IOException clientLeft) {
      // the call was cancelled
    }
  }

  @Test
  void aClientWithoutRoomStopsTheReadingAndTheProviderWithItUntilThereIsRoom() throws Exception {
    Recorder recorder = new Recorder();
    UpstreamCall call =
        new UpstreamCall(
            OpenAiCompatibleWire.INSTANCE,
            recorder,
            Duration.ofSeconds(5),
            Duration.ofMillis(500)); // shorter than the wait below: it must not count
    Provider provider =
        new Provider(
            "local",
            ProviderKind.OPENAI,
            "http://127.0.0.1:" + server.getAddress().getPort(),
            Optional.empty(),
            Map.of(),
            Map.of("m", "m"),
            new Provider.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5)));
    ChatRequest request =
        new ChatRequest(
            "m", List.of(new ChatMessage("user", "hi")), 128, JsonText.parseObject("{}"));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    call.start(http, OpenAiCompatibleWire.INSTANCE.request(provider, "m", request).build(), timers);

    assertTrue(recorder.paused.await(10, TimeUnit.SECONDS), "the client ran out of room");
    Thread.sleep(1500);
    int tokensWhilePaused = recorder.tokens.get();
    long writtenWhilePaused = written.get();
    Thread.sleep(500);
    assertEquals(tokensWhilePaused, recorder.tokens.get(), "nothing more was read meanwhile");
    assertEquals(writtenWhilePaused, written.get(), "the provider's writes were held up too");
    assertTrue(
        writtenWhilePaused < (long) CHUNKS * CHUNK.length,
        "the provider could not send it all: " + writtenWhilePaused);
    assertNull(recorder.failure, "a wait on the client is not a stalled provider");

    recorder.resume.run();
    assertTrue(recorder.ended.await(20, TimeUnit.SECONDS), "the rest arrived");
    assertNull(recorder.failure);
    assertEquals("stop", recorder.finish);
    assertEquals(CHUNKS, recorder.tokens.get());
  }

  /** Has room for the first batch only, then none until the test says so. */
  private static final class Recorder implements UpstreamListener {
    final AtomicInteger tokens = new AtomicInteger();
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);
    volatile Runnable resume;
    volatile String finish;
    volatile UpstreamFailure failure;
    private final AtomicInteger batches = new AtomicInteger();

    @Override
    public void onToken(String text) {
      tokens.incrementAndGet();
    }

    @Override
    public void onUsage(int promptTokens, int completionTokens) {}

    @Override
    public boolean awaitRoom(Runnable whenRoom) {
      if (batches.incrementAndGet() == 1) {
        resume = whenRoom;
        paused.countDown();
        return false;
      }
      return true;
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
