package com.cogniforge.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer against a socket that takes data only when the test says so. */
class NonBlockingWriterTest {

  /** A client socket: ready or not, and broken on demand. */
  static final class Socket extends ServletOutputStream {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean ready = true;
    boolean broken;
    WriteListener listener;

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      this.listener = listener;
    }

    @Override
    public void write(int b) throws IOException {
      if (broken) {
        throw new IOException("connection reset");
      }
      received.write(b);
    }

    String text() {
      return received.toString(StandardCharsets.UTF_8);
    }
  }

  private final Socket socket = new Socket();
  private final AtomicInteger completed = new AtomicInteger();
  private final AtomicInteger gone = new AtomicInteger();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  private NonBlockingWriter writer() throws IOException {
    return writer(NonBlockingWriter.Limits.NONE, null);
  }

  private NonBlockingWriter writer(NonBlockingWriter.Limits limits, ScheduledExecutorService timers)
      throws IOException {
    ServletResponse response =
        new HttpServletResponseWrapper(
            (jakarta.servlet.http.HttpServletResponse)
                Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {jakarta.servlet.http.HttpServletResponse.class},
                    (proxy, method, args) -> null)) {
          @Override
          public ServletOutputStream getOutputStream() {
            return socket;
          }
        };
    AsyncContext async =
        (AsyncContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "getResponse":
                      return response;
                    case "complete":
                      completed.incrementAndGet();
                      return null;
                    default:
                      return null;
                  }
                });
    NonBlockingWriter writer = NonBlockingWriter.start(async, limits, timers);
    writer.onClientGone(gone::incrementAndGet);
    return writer;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesGoOutAtOnceWhileTheSocketTakesThem() throws IOException {
    NonBlockingWriter writer = writer();
    assertTrue(writer.write(bytes("one ")));
    assertTrue(writer.write(bytes("two")));
    assertEquals("one two", socket.text());
  }

  @Test
  void aBusySocketQueuesWithoutBlockingAndDrainsWhenWritable() throws IOException {
    NonBlockingWriter writer = writer();
    socket.ready = false;
    assertTrue(writer.write(bytes("a")), "queued: the caller returns at once");
    assertTrue(writer.write(bytes("b")));
    writer.close();
    assertEquals("", socket.text());
    assertEquals(0, completed.get(), "not completed while data waits");

    socket.ready = true;
    socket.listener.onWritePossible();
    assertEquals("ab", socket.text());
    assertEquals(1, completed.get(), "completed once everything was written");
    assertFalse(writer.isOpen());
    assertEquals(0, gone.get());
  }

  @Test
  void aBrokenConnectionIsReportedOnceAndLaterWritesAreRefused() throws IOException {
    NonBlockingWriter writer = writer();
    socket.broken = true;
    assertFalse(writer.write(bytes("lost")));
    assertFalse(writer.write(bytes("more")));
    assertEquals(1, gone.get());
  }

  @Test
  void theContainerCompletingTheResponseMeansTheClientLeft() throws IOException {
    NonBlockingWriter writer = writer();
    AsyncListener listener = writer;
    listener.onComplete(null);
    assertEquals(1, gone.get());
    assertFalse(writer.write(bytes("x")));
  }

  @Test
  void aClientThatStopsReadingIsGivenUpOnBeyondTheBufferLimit() throws IOException {
    NonBlockingWriter writer = writer(new NonBlockingWriter.Limits(100, Duration.ZERO), null);
    socket.ready = false;
    assertTrue(writer.write(bytes("x".repeat(60))), "within the limit: queued");
    assertFalse(writer.write(bytes("y".repeat(60))), "beyond it: the client is given up on");
    assertEquals(1, gone.get(), "reported gone once, so the stream ends and the call is cancelled");
    assertTrue(writer.tooSlow());
    assertFalse(writer.isOpen());
    assertFalse(writer.write(bytes("z")));
    assertEquals(1, gone.get());
  }

  @Test
  void queuedBytesThatMakeNoProgressEndTheStreamAfterTheWriteTimeout() throws Exception {
    NonBlockingWriter writer =
        writer(new NonBlockingWriter.Limits(1 << 20, Duration.ofMillis(200)), timers);
    socket.ready = false;
    long start = System.nanoTime();
    assertTrue(writer.write(bytes("waiting")));
    await(() -> gone.get() == 1, "the write time-out");
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs >= 190, "ended after " + waitedMs + " ms");
    assertTrue(writer.tooSlow());
    assertFalse(writer.isOpen());
  }

  @Test
  void aSlowClientThatKeepsReadingIsNotTimedOut() throws Exception {
    NonBlockingWriter writer =
        writer(new NonBlockingWriter.Limits(1 << 20, Duration.ofMillis(300)), timers);
    for (int i = 0; i < 10; i++) {
      socket.ready = false;
      assertTrue(writer.write(bytes("part " + i + " ")));
      Thread.sleep(100);
      synchronized (writer) {
        socket.ready = true;
      }
      socket.listener.onWritePossible(); // the client read a little
    }
    assertEquals(0, gone.get());
    assertFalse(writer.tooSlow());
    assertTrue(socket.text().startsWith("part 0 part 1 "));
  }

  @Test
  void aStreamThatSentEverythingIsNotTimedOutLater() throws Exception {
    NonBlockingWriter writer =
        writer(new NonBlockingWriter.Limits(1 << 20, Duration.ofMillis(100)), timers);
    socket.ready = false;
    writer.write(bytes("last"));
    writer.close();
    socket.ready = true;
    socket.listener.onWritePossible();
    Thread.sleep(250);
    assertEquals(0, gone.get());
    assertEquals("last", socket.text());
  }

  @Test
  void aPacedWriterIsToldWhenTheClientHasRoomAgain() throws IOException {
    NonBlockingWriter writer = writer(new NonBlockingWriter.Limits(100, Duration.ZERO), null);
    AtomicInteger resumed = new AtomicInteger();
    assertTrue(writer.awaitRoom(resumed::incrementAndGet), "an empty queue has room");
    socket.ready = false;
    writer.write(bytes("x".repeat(60)));
    assertFalse(writer.awaitRoom(resumed::incrementAndGet), "60 queued of 100: wait");
    assertEquals(0, resumed.get());
    socket.ready = true;
    socket.listener.onWritePossible();
    assertEquals(1, resumed.get(), "resumed once the queue drained");
    socket.listener.onWritePossible();
    assertEquals(1, resumed.get(), "and only once");
  }
}
