package com.cogniforge.gateway.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a long-lived response with Servlet non-blocking I/O: callers queue byte chunks from any
 * thread and return at once; the container calls back when the socket can take more. No thread
 * waits for a slow client, and a client that went away is reported once through {@link
 * #onClientGone}.
 */
public final class NonBlockingWriter implements WriteListener, AsyncListener {

  private final AsyncContext async;
  private final ServletOutputStream out;
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile Runnable onClientGone = () -> {};
  private boolean unflushed;
  private boolean closing;
  private boolean finished;
  private boolean failed;

  private NonBlockingWriter(AsyncContext async) throws IOException {
    this.async = async;
    this.out = async.getResponse().getOutputStream();
  }

  /**
   * Takes over a response just put in async mode; call it on the request's own thread (the Servlet
   * API allows time-out and listeners only there). Status and headers may still be set until the
   * first write.
   */
  public static NonBlockingWriter start(AsyncContext async) throws IOException {
    NonBlockingWriter writer = new NonBlockingWriter(async);
    async.setTimeout(0); // streams end by our own time-outs, not the container's
    async.addListener(writer);
    writer.out.setWriteListener(writer);
    return writer;
  }

  /** Called once, on some container or relay thread, if the client can no longer be written to. */
  public void onClientGone(Runnable callback) {
    this.onClientGone = callback;
  }

  /** Queues bytes for the client; returns false if the response is already over. */
  public boolean write(byte[] bytes) {
    boolean ok;
    synchronized (this) {
      if (finished) {
        return false;
      }
      pending.add(bytes);
      drain();
      ok = !failed;
    }
    if (!ok) {
      reportGone();
    }
    return ok;
  }

  /** Ends the response once everything queued is written. */
  public void close() {
    synchronized (this) {
      if (finished) {
        return;
      }
      closing = true;
      drain();
    }
    reportGoneIfFailed();
  }

  public synchronized boolean isOpen() {
    return !finished;
  }

  @Override
  public void onWritePossible() {
    synchronized (this) {
      drain();
    }
    reportGoneIfFailed();
  }

  @Override
  public void onError(Throwable error) {
    markFailed();
  }

  @Override
  public void onError(AsyncEvent event) {
    markFailed();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    markFailed();
  }

  @Override
  public void onComplete(AsyncEvent event) {
    synchronized (this) {
      if (finished) {
        return;
      }
    }
    markFailed(); // completed by the container, not by us: the client is gone
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}

  /** Must run under the lock. Writes while the socket accepts data, then flushes. */
  private void drain() {
    if (finished) {
      return;
    }
    try {
      while (out.isReady()) {
        byte[] next = pending.poll();
        if (next != null) {
          out.write(next);
          unflushed = true;
        } else if (unflushed) {
          unflushed = false;
          out.flush();
        } else {
          if (closing) {
            finished = true;
            async.complete();
          }
          return;
        }
      }
    } catch (IOException | IllegalStateException broken) {
      failed = true;
      finished = true;
      pending.clear();
    }
  }

  private void markFailed() {
    synchronized (this) {
      if (finished) {
        return;
      }
      failed = true;
      finished = true;
      pending.clear();
    }
    reportGone();
  }

  private void reportGoneIfFailed() {
    boolean report;
    synchronized (this) {
      report = failed;
    }
    if (report) {
      reportGone();
    }
  }

  /** Runs the callback outside the lock, once, and releases the async context. */
  private void reportGone() {
    if (reported.compareAndSet(false, true)) {
      try {
        async.complete();
      } catch (IllegalStateException alreadyComplete) {
        // the container completed it already
      }
      onClientGone.run();
    }
  }
}
