package com.cogniforge.gateway.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a long-lived response with Servlet non-blocking I/O: callers queue byte chunks from any
 * thread and return at once; the container calls back when the socket can take more. No thread
 * waits for a slow client, and a client that went away is reported once through {@link
 * #onClientGone}.
 *
 * <p>What waits for a client that does not read is bounded: more than {@link Limits#bufferBytes}
 * queued, or queued bytes that made no progress for {@link Limits#writeTimeout}, and the client is
 * treated as gone ({@link #tooSlow()} says why). Otherwise a thousand sockets that never read would
 * each hold a whole answer on the heap at no cost to their owner.
 */
public final class NonBlockingWriter implements WriteListener, AsyncListener {

  /**
   * How much a client may fall behind.
   *
   * @param bufferBytes most bytes queued for the client beyond what the container accepted
   * @param writeTimeout longest time queued bytes may wait without any being written
   */
  public record Limits(long bufferBytes, Duration writeTimeout) {

    /** Nothing bounded: for tests of other things. */
    public static final Limits NONE = new Limits(Long.MAX_VALUE, Duration.ZERO);

    /** The queue is low enough for a paced writer (a cache replay) to add more. */
    long roomBelow() {
      return Math.min(64 * 1024, Math.max(1, bufferBytes / 2));
    }
  }

  /**
   * The container's response buffer for these responses, asked small because a token's frame is a
   * few hundred bytes and Grizzly allocates a fresh buffer of this size for every write that
   * follows a flush, as a plain array on threads that are not its own (ours relay every token). On
   * Payara the request has no effect: Catalina's {@code OutputBuffer.setBufferSize} only ever grows
   * Grizzly's 8 KiB buffer (javap of web-core), so those arrays are still most of the gateway's
   * garbage (docs/BENCHMARKS.md); containers that honour it get the smaller buffer. A larger write
   * still goes out whole.
   */
  static final int RESPONSE_BUFFER_BYTES = 1024;

  private final AsyncContext async;
  private final ServletOutputStream out;
  private final Limits limits;
  private final ScheduledExecutorService timers; // null: no write time-out
  private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile Runnable onClientGone = () -> {};
  private long queuedBytes;
  private long lastProgressNanos;
  private ScheduledFuture<?> stallCheck;
  private Runnable whenRoom;
  private boolean unflushed;
  private boolean closing;
  private boolean finished;
  private boolean failed;
  private boolean tooSlow;

  private NonBlockingWriter(AsyncContext async, Limits limits, ScheduledExecutorService timers)
      throws IOException {
    this.async = async;
    this.out = async.getResponse().getOutputStream();
    this.limits = limits;
    this.timers = limits.writeTimeout().isZero() ? null : timers;
  }

  /** {@link #start(AsyncContext, Limits, ScheduledExecutorService)} with nothing bounded. */
  public static NonBlockingWriter start(AsyncContext async) throws IOException {
    return start(async, Limits.NONE, null);
  }

  /**
   * Takes over a response just put in async mode; call it on the request's own thread (the Servlet
   * API allows time-out and listeners only there). Status and headers may still be set until the
   * first write. {@code timers} checks the write time-out (it is never blocked).
   */
  public static NonBlockingWriter start(
      AsyncContext async, Limits limits, ScheduledExecutorService timers) throws IOException {
    try {
      async.getResponse().setBufferSize(RESPONSE_BUFFER_BYTES);
    } catch (IllegalStateException alreadyWritten) {
      // something was written before (not by our callers): keep the container's buffer
    }
    NonBlockingWriter writer = new NonBlockingWriter(async, limits, timers);
    async.setTimeout(0); // streams end by our own time-outs, not the container's
    async.addListener(writer);
    writer.out.setWriteListener(writer);
    return writer;
  }

  /** Called once, on some container or relay thread, if the client can no longer be written to. */
  public void onClientGone(Runnable callback) {
    this.onClientGone = callback;
  }

  /**
   * Queues bytes for the client; returns false if the response is already over, or if the client
   * has now fallen more than the buffer limit behind (then it is reported gone).
   */
  public boolean write(byte[] bytes) {
    boolean ok;
    synchronized (this) {
      if (finished) {
        return false;
      }
      if (pending.isEmpty()) {
        lastProgressNanos = System.nanoTime(); // the wait starts now
      }
      pending.add(bytes);
      queuedBytes += bytes.length;
      drain();
      if (!finished && queuedBytes > limits.bufferBytes()) {
        giveUpOnSlowClient();
      } else if (queuedBytes > 0) {
        watchForStall();
      }
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

  /** Whether the client was given up on for not reading (buffer limit or write time-out). */
  public synchronized boolean tooSlow() {
    return tooSlow;
  }

  /**
   * For a writer that paces itself: true if the client can take more now; otherwise false, and
   * {@code resume} runs once (on a container thread) when it can. A client that goes away meanwhile
   * is reported through {@link #onClientGone} instead.
   */
  public synchronized boolean awaitRoom(Runnable resume) {
    if (finished || queuedBytes < limits.roomBelow()) {
      return true;
    }
    whenRoom = resume;
    return false;
  }

  @Override
  public void onWritePossible() {
    Runnable resume = null;
    synchronized (this) {
      drain();
      if (!finished && whenRoom != null && queuedBytes < limits.roomBelow()) {
        resume = whenRoom;
        whenRoom = null;
      }
    }
    reportGoneIfFailed();
    if (resume != null) {
      resume.run();
    }
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
          queuedBytes -= next.length;
          lastProgressNanos = System.nanoTime();
          unflushed = true;
        } else if (unflushed) {
          unflushed = false;
          out.flush();
        } else {
          if (closing) {
            finished = true;
            if (stallCheck != null) {
              stallCheck.cancel(false);
              stallCheck = null;
            }
            async.complete();
          }
          return;
        }
      }
    } catch (IOException | IllegalStateException broken) {
      end();
    }
  }

  /** Must run under the lock: the response is over, nothing queued is kept. */
  private void end() {
    failed = true;
    finished = true;
    pending.clear();
    queuedBytes = 0;
    whenRoom = null;
    if (stallCheck != null) {
      stallCheck.cancel(false);
      stallCheck = null;
    }
  }

  /** Must run under the lock. The caller reports the client gone once it has left the lock. */
  private void giveUpOnSlowClient() {
    tooSlow = true;
    end();
  }

  /** Must run under the lock: makes sure a timer looks at the queue when the time-out is due. */
  private void watchForStall() {
    if (timers != null && stallCheck == null) {
      long due = lastProgressNanos + limits.writeTimeout().toNanos() - System.nanoTime();
      stallCheck = timers.schedule(this::checkStall, Math.max(0, due), TimeUnit.NANOSECONDS);
    }
  }

  /** On a timer thread: ends a stream whose queued bytes made no progress for the time-out. */
  private void checkStall() {
    synchronized (this) {
      stallCheck = null;
      if (finished || queuedBytes == 0) {
        return;
      }
      if (System.nanoTime() - lastProgressNanos < limits.writeTimeout().toNanos()) {
        watchForStall(); // some went out meanwhile: look again when the rest is due
        return;
      }
      giveUpOnSlowClient();
    }
    reportGone();
  }

  private void markFailed() {
    synchronized (this) {
      if (finished) {
        return;
      }
      end();
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
