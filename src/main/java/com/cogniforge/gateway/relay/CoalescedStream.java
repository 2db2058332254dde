package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request identical to one already streaming: it joins that call ({@link SharedStream}) instead
 * of making its own. It costs nothing and is booked like a cache hit (provider {@code coalesced}),
 * with its own request id, time to first token and outcome.
 */
final class CoalescedStream implements ChatStream {

  private final StreamRelay relay;
  private final RequestInfo info;
  private final ChatInput input;
  private final RouteDecision route;
  private final SharedStream shared;
  private final String cacheKey;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean booked = new AtomicBoolean();

  CoalescedStream(
      StreamRelay relay,
      RequestInfo info,
      ChatInput input,
      RouteDecision route,
      SharedStream shared,
      String cacheKey) {
    this.relay = relay;
    this.info = info;
    this.input = input;
    this.route = route;
    this.shared = shared;
    this.cacheKey = cacheKey;
  }

  @Override
  public RouteDecision route() {
    return route;
  }

  @Override
  public String cacheStatus() {
    return "COALESCED";
  }

  @Override
  public void start(ClientStream client) {
    relay.metrics.streamOpened();
    Follower follower = new Follower(client);
    if (!shared.join(follower)) {
      // The shared call ended between our lookup and now: its answer is usually cached by now.
      relay.metrics.streamClosed();
      booked.set(true);
      Optional<CachedAnswer> answer = relay.cache.get(cacheKey);
      if (answer.isPresent()) {
        new CachedReplay(relay, info, input, route, answer.get()).start(client);
      } else {
        ApiError retry =
            new ApiError(
                503, "retry", "the identical request this one joined has ended; retry", 0L);
        client.fail(retry);
        relay.rejected(info, input.request().model(), input.stream(), retry);
      }
    }
  }

  /** This client's view of the shared stream: its own ids in, its own record out. */
  private final class Follower implements ClientStream {
    private final ClientStream client;
    private volatile String model;
    private volatile String tier;
    private volatile Long ttftMs;
    private volatile Runnable gone;

    Follower(ClientStream client) {
      this.client = client;
      client.onClientGone(
          () -> {
            book(Outcome.CLIENT_CANCELLED, "client_disconnected", 0, 0);
            Runnable leave = gone;
            if (leave != null) {
              leave.run();
            }
          });
    }

    @Override
    public void open(StreamStart start) {
      model = start.model();
      tier = start.tier();
      client.open(
          new StreamStart(
              info.requestId(),
              start.model(),
              start.tier(),
              start.routeReason() + "; joined an identical request in flight",
              start.provider(),
              startedAt.getEpochSecond(),
              start.fallbackFrom(),
              false,
              start.hedged(),
              true));
    }

    @Override
    public boolean token(String text) {
      if (ttftMs == null) {
        ttftMs = (System.nanoTime() - startNanos) / 1_000_000;
      }
      return client.token(text);
    }

    @Override
    public boolean heartbeat() {
      return client.heartbeat();
    }

    @Override
    public void done(StreamSummary summary) {
      try {
        client.done(
            new StreamSummary(
                summary.finishReason(),
                summary.promptTokens(),
                summary.completionTokens(),
                summary.usageEstimated(),
                0,
                ttftMs,
                (System.nanoTime() - startNanos) / 1_000_000));
      } finally {
        book(Outcome.OK, null, summary.promptTokens(), summary.completionTokens());
      }
    }

    @Override
    public void fail(ApiError error) {
      try {
        client.fail(error);
      } finally {
        book(
            "gateway_shutting_down".equals(error.code())
                ? Outcome.INTERRUPTED
                : Outcome.UPSTREAM_ERROR,
            error.code(),
            0,
            0);
      }
    }

    @Override
    public void onClientGone(Runnable callback) {
      this.gone = callback;
    }

    private void book(Outcome outcome, String errorCode, int promptTokens, int completionTokens) {
      if (!booked.compareAndSet(false, true)) {
        return;
      }
      relay.metrics.streamClosed();
      String served = model == null ? route.model() : model;
      relay.book(
          new UsageRecord(
                  startedAt,
                  info.requestId(),
                  info.endpoint(),
                  input.stream(),
                  input.request().model(),
                  served,
                  "coalesced",
                  promptTokens,
                  completionTokens,
                  false,
                  0,
                  ttftMs,
                  (System.nanoTime() - startNanos) / 1_000_000,
                  outcome,
                  errorCode,
                  tier == null ? (route.tier() == null ? null : route.tier().name()) : tier,
                  route.reason() + "; coalesced",
                  served + ":coalesced")
              .forClientKey(info.clientKeyId())
              .asCacheHit());
    }
  }
}
