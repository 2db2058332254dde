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
import java.util.concurrent.atomic.AtomicInteger;
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

  private NonBlockingWriter writer() throws IOException {
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
    NonBlockingWriter writer = NonBlockingWriter.start(async);
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
}
