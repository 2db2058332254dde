package com.cogniforge.gateway.relay;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The relayed streams open now, so that a shutdown can wait for them and end the rest. */
public final class OpenStreams {

  private final Set<RelayedStream> open = ConcurrentHashMap.newKeySet();
  private volatile boolean draining;

  void add(RelayedStream stream) {
    open.add(stream);
  }

  void remove(RelayedStream stream) {
    open.remove(stream);
  }

  /** True once a drain has begun: new requests are refused. */
  public boolean draining() {
    return draining;
  }

  public int size() {
    return open.size();
  }

  /**
   * Stops taking new streams, lets open ones finish for up to {@code grace}, then ends the rest
   * with an error event; returns how many had to be ended.
   */
  public int drain(Duration grace) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    int interrupted = 0;
    for (RelayedStream stream : open) {
      stream.interrupt();
      interrupted++;
    }
    return interrupted;
  }
}
