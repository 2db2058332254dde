package com.cogniforge.gateway.relay;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relayed streams open now, so that a shutdown can wait for them and end the rest, and a
 * revoked key's streams can be ended at once.
 */
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
   * Ends the open streams of these client keys (revoked): the client gets a {@code key_revoked}
   * error, the upstream call is cancelled and the record says so. Returns how many were ended.
   */
  public int endStreamsOf(Set<Long> keyIds) {
    int ended = 0;
    for (RelayedStream stream : open) {
      Long keyId = stream.clientKeyId();
      if (keyId != null && keyIds.contains(keyId)) {
        stream.revoke();
        ended++;
      }
    }
    return ended;
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
