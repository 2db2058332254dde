package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.providers.UpstreamDelta;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client side of one relayed stream: tokens go out as they come (grouped by adaptive chunking
 * in hybrid mode), an idle connection gets heartbeats, and a client found gone is reported once.
 */
final class ClientFeed {

  private static final Logger LOG = Logger.getLogger(ClientFeed.class.getName());

  private final String requestId;
  private final ClientStream client;
  private final ScheduledExecutorService timers;
  private final RelayOptions options;
  private final Runnable gone;
  private final TokenBatcher batcher; // null: every token is its own event
  private volatile ScheduledFuture<?> heartbeat;
  private volatile boolean closed;

  ClientFeed(
      String requestId,
      ClientStream client,
      RelayOptions options,
      ScheduledExecutorService timers,
      Runnable gone) {
    this.requestId = requestId;
    this.client = client;
    this.options = options;
    this.timers = timers;
    this.gone = gone;
    this.batcher =
        options.hybrid() && options.chunkSize() > 1
            ? new TokenBatcher(client, options.chunkSize(), timers, gone)
            : null;
    client.onClientGone(gone);
  }

  /** Announces the stream and starts the heartbeats. */
  void open(StreamStart start) {
    client.open(start);
    long period = options.heartbeat().toMillis();
    heartbeat = timers.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
  }

  /** Announces another serving model (fallback or hedge) before any token was sent. */
  void reopen(StreamStart start) {
    client.open(start);
  }

  /** Passes the provider's own top-level fields on, before the first token. */
  void providerFields(String members) {
    try {
      client.providerFields(members);
    } catch (RuntimeException writeFailed) {
      LOG.log(
          Level.WARNING, "request " + requestId + ": passing provider fields failed", writeFailed);
    }
  }

  /** Relays one token; a client that cannot take it is reported gone. */
  void token(String text) {
    boolean delivered;
    try {
      delivered = batcher != null ? batcher.token(text) : client.token(text);
    } catch (RuntimeException writeFailed) {
      LOG.log(Level.WARNING, "request " + requestId + ": relaying a token failed", writeFailed);
      delivered = false;
    }
    if (!delivered) {
      gone.run();
    }
  }

  /** Relays a chunk with more than text; what the batcher holds goes out first. */
  void delta(UpstreamDelta delta) {
    boolean delivered;
    try {
      delivered = batcher != null ? batcher.delta(delta) : client.delta(delta);
    } catch (RuntimeException writeFailed) {
      LOG.log(Level.WARNING, "request " + requestId + ": relaying a delta failed", writeFailed);
      delivered = false;
    }
    if (!delivered) {
      gone.run();
    }
  }

  /** Whether the client has taken what it was sent; else {@code resume} runs when it has. */
  boolean awaitRoom(Runnable resume) {
    return closed || client.awaitRoom(resume);
  }

  /** Stops the heartbeats; unless the client is gone, sends the last group of tokens. */
  void close(boolean clientGone) {
    closed = true;
    ScheduledFuture<?> timer = heartbeat;
    if (timer != null) {
      timer.cancel(false);
    }
    if (batcher != null && !clientGone) {
      batcher.flush();
    }
  }

  ClientStream client() {
    return client;
  }

  private void beat() {
    if (!closed && !client.heartbeat()) {
      gone.run();
    }
  }
}
