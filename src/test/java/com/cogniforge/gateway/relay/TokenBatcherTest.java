package com.cogniforge.gateway.relay;

import static com.cogniforge.gateway.relay.EngineFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.relay.EngineFixture.RecordingClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenBatcherTest {

  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final RecordingClient client = new RecordingClient();
  private final AtomicInteger gone = new AtomicInteger();

  @AfterEach
  void stop() {
    timers.shutdownNow();
  }

  private TokenBatcher batcher(int chunkSize) {
    return new TokenBatcher(client, chunkSize, timers, gone::incrementAndGet);
  }

  @Test
  void theFirstTokenGoesOutAtOnceAndAFastStreamIsGrouped() {
    TokenBatcher batcher = batcher(3);
    batcher.token("a");
    assertEquals(List.of("token a"), client.frames, "no wait for the first token");
    batcher.token("b");
    batcher.token("c");
    batcher.token("d");
    assertEquals(List.of("token a", "token bcd"), client.frames, "then groups of three");
  }

  @Test
  void aGroupThatDoesNotFillGoesOutWhenItsWindowCloses() throws Exception {
    TokenBatcher batcher = batcher(5);
    batcher.token("a");
    batcher.token("b");
    await(() -> client.frames.contains("token b"), "the window to close");
    assertEquals(List.of("token a", "token b"), client.frames);
  }

  @Test
  void flushSendsWhatWaitsBeforeTheEnd() {
    TokenBatcher batcher = batcher(5);
    batcher.token("a");
    batcher.token("b");
    batcher.token("c");
    assertTrue(batcher.flush());
    assertEquals(List.of("token a", "token bc"), client.frames);
    assertTrue(batcher.flush(), "nothing left: still fine");
  }

  @Test
  void aClientGoneAtTheWindowIsReportedOnce() throws Exception {
    TokenBatcher batcher = batcher(5);
    batcher.token("a");
    client.gone = true;
    assertTrue(batcher.token("b"), "queued, not yet written");
    await(() -> gone.get() == 1, "the window to find the client gone");
    Thread.sleep(50);
    assertEquals(1, gone.get());
    assertFalse(batcher.token("c") && batcher.flush(), "the next write finds it gone too");
  }
}
