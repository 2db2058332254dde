package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.providers.UpstreamDelta;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Adaptive chunking (hybrid streaming): the first token goes out at once; after it, tokens are
 * grouped into one event of at most {@code chunkSize} tokens or {@value #WINDOW_MS} ms, whichever
 * comes first. When the provider is slow enough that waiting for a group would take longer than the
 * window, tokens go out one by one as they come: grouping saves writes on a fast provider and never
 * delays a slow one.
 */
final class TokenBatcher {

  static final long WINDOW_MS = 20;
  private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(WINDOW_MS);

  private final ClientStream client;
  private final int chunkSize;
  private final ScheduledExecutorService timers;
  private final Runnable clientGone;

  private final StringBuilder pending = new StringBuilder();
  private int pendingTokens;
  private ScheduledFuture<?> timer;
  private boolean first = true;
  private long lastNanos;
  private double gapNanos = -1; // moving average of the time between tokens

  TokenBatcher(
      ClientStream client, int chunkSize, ScheduledExecutorService timers, Runnable clientGone) {
    this.client = client;
    this.chunkSize = chunkSize;
    this.timers = timers;
    this.clientGone = clientGone;
  }

  /** Takes one token; returns false if the client is gone. */
  synchronized boolean token(String text) {
    long now = System.nanoTime();
    if (first) {
      first = false;
      lastNanos = now;
      return client.token(text);
    }
    long gap = now - lastNanos;
    lastNanos = now;
    gapNanos = gapNanos < 0 ? gap : 0.7 * gapNanos + 0.3 * gap;
    pending.append(text);
    pendingTokens++;
    if (pendingTokens >= chunkSize || gapNanos * (chunkSize - 1) > WINDOW_NANOS) {
      return flush();
    }
    if (timer == null) {
      timer = timers.schedule(this::timeUp, WINDOW_NANOS, TimeUnit.NANOSECONDS);
    }
    return true;
  }

  /** A chunk with more than text goes out as it is, after the text waiting before it. */
  synchronized boolean delta(UpstreamDelta delta) {
    first = false;
    lastNanos = System.nanoTime();
    return flush() && client.delta(delta);
  }

  /** Sends what is waiting (before the end of the stream, and when the window closes). */
  synchronized boolean flush() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (pendingTokens == 0) {
      return true;
    }
    String text = pending.toString();
    pending.setLength(0);
    pendingTokens = 0;
    return client.token(text);
  }

  private void timeUp() {
    boolean delivered;
    synchronized (this) {
      timer = null;
      delivered = flush();
    }
    if (!delivered) {
      clientGone.run();
    }
  }
}
