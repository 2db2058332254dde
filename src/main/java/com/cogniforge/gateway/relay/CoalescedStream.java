package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.usage.Outcome;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request identical to one already streaming: it joins that call ({@link SharedStream}) instead
 * of making its own. It costs nothing and is booked like a cache hit (provider {@code coalesced}),
 * with its own request id, time to first token and outcome.
 */
final class CoalescedStream implements ChatStream {

  private final Admitted request;
  private final InFlight.Join join;
  private final RelayServices services;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean booked = new AtomicBoolean();

  CoalescedStream(Admitted request, InFlight.Join join, RelayServices services) {
    this.request = request;
    this.join = join;
    this.services = services;
  }

  @Override
  public RouteDecision route() {
    return request.route();
  }

  @Override
  public String cacheStatus() {
    return "COALESCED";
  }

  @Override
  public void start(ClientStream client) {
    services.books().streamOpened();
    Follower follower = new Follower(client);
    if (!join.stream().join(follower)) {
      // The shared call ended between our lookup and now: its answer is usually cached by now.
      services.books().streamClosed();
      booked.set(true);
      Optional<CachedAnswer> answer = services.answers().get(join.key());
      if (answer.isPresent()) {
        new CachedReplay(request, answer.get(), services).start(client);
      } else {
        ApiError retry =
            new ApiError(
                503, "retry", "the identical request this one joined has ended; retry", 0L);
        client.fail(retry);
        services
            .books()
            .book(
                request
                    .info()
                    .refused(request.input().stream(), request.input().request().model(), retry),
                request.info().clientKey());
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
            book(Outcome.CLIENT_CANCELLED, ClientStream.goneCode(client), 0, 0);
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
              request.info().requestId(),
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
    public void providerFields(String members) {
      client.providerFields(members);
    }

    @Override
    public boolean token(String text) {
      if (ttftMs == null) {
        ttftMs = (System.nanoTime() - startNanos) / 1_000_000;
      }
      return client.token(text);
    }

    @Override
    public boolean delta(UpstreamDelta delta) {
      if (ttftMs == null) {
        ttftMs = (System.nanoTime() - startNanos) / 1_000_000;
      }
      return client.delta(delta);
    }

    @Override
    public boolean heartbeat() {
      return client.heartbeat();
    }

    // The record first: ending the client may never return (see GatewayExecutors.ends).
    @Override
    public void done(StreamSummary summary) {
      try {
        book(Outcome.OK, null, summary.promptTokens(), summary.completionTokens());
      } finally {
        client.done(
            new StreamSummary(
                summary.finishReason(),
                summary.promptTokens(),
                summary.completionTokens(),
                summary.usageEstimated(),
                0,
                ttftMs,
                (System.nanoTime() - startNanos) / 1_000_000,
                0,
                summary.reasoningTokens(), // as a cache replay reports them: the answer holds them
                0));
      }
    }

    @Override
    public void fail(ApiError error) {
      try {
        book(
            "gateway_shutting_down".equals(error.code())
                ? Outcome.INTERRUPTED
                : Outcome.UPSTREAM_ERROR,
            error.code(),
            0,
            0);
      } finally {
        client.fail(error);
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
      services.books().streamClosed();
      String served = model == null ? request.route().model() : model;
      services
          .books()
          .book(
              request
                  .usage(startedAt)
                  .served(served, "coalesced", tier == null ? request.tierName() : tier)
                  .route(request.route().reason() + "; coalesced", served + ":coalesced")
                  .tokens(promptTokens, completionTokens, false)
                  .timing(ttftMs, (System.nanoTime() - startNanos) / 1_000_000)
                  .outcome(outcome, errorCode)
                  .cacheHit()
                  .build(),
              request.info().clientKey());
    }
  }
}
