package com.cogniforge.gateway.streaming;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.budget.Reservation;
import com.cogniforge.gateway.budget.TokenEstimator;
import com.cogniforge.gateway.hybrid.CachedAnswer;
import com.cogniforge.gateway.providers.ProviderEndpoint;
import com.cogniforge.gateway.providers.UpstreamCall;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.providers.UpstreamListener;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One chat in flight: provider chunks go to the client as they arrive, heartbeats keep it alive, a
 * model that fails before its first token is replaced by the next of the route's chain, and
 * whichever comes first (provider done, provider failure, client gone) ends it exactly once: budget
 * settled, usage booked.
 */
final class RelayedStream implements UpstreamListener, ChatStream {

  /** Answers longer than this (characters) are relayed but not cached. */
  private static final int MAX_CACHED_CHARS = 256 * 1024;

  private static final Logger LOG = Logger.getLogger(RelayedStream.class.getName());

  private final StreamRelay relay;
  private final RequestInfo info;
  private final ChatInput input;
  private final RouteDecision route;
  private final ProviderEndpoint provider;
  private final Reservation reservation;
  private final int estimatedPromptTokens;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean finished = new AtomicBoolean();
  // Written by a failing call's thread and by whichever thread ends the stream.
  private final List<String> attempts = new CopyOnWriteArrayList<>();

  private ClientStream client;
  private volatile int attempt;
  private volatile boolean retriedConnection;
  private volatile UpstreamCall upstream;
  private volatile ScheduledFuture<?> heartbeat;
  private volatile long firstTokenNanos;
  private volatile int estimatedCompletionTokens;
  private volatile int reportedPromptTokens = -1;
  private volatile int reportedCompletionTokens = -1;
  // The response cache's key when this answer is to be stored (hybrid mode, cacheable request).
  private volatile String cacheKey;
  private final List<String> pieces = new ArrayList<>(); // tokens come on one thread at a time
  private int pieceChars;
  private volatile TokenBatcher batcher; // adaptive chunking, in hybrid mode with chunks above 1

  RelayedStream(
      StreamRelay relay,
      RequestInfo info,
      ChatInput input,
      RouteDecision route,
      ProviderEndpoint provider,
      Reservation reservation,
      int estimatedPromptTokens) {
    this.relay = relay;
    this.info = info;
    this.input = input;
    this.route = route;
    this.provider = provider;
    this.reservation = reservation;
    this.estimatedPromptTokens = estimatedPromptTokens;
  }

  /** Stores the answer under {@code key} if it completes successfully on the routed model. */
  void cacheAs(String key) {
    this.cacheKey = key;
  }

  @Override
  public RouteDecision route() {
    return route;
  }

  /** Opens the client stream and starts the upstream call. */
  @Override
  public void start(ClientStream client) {
    this.client = client;
    relay.metrics.streamOpened();
    relay.opened(this);
    client.onClientGone(this::clientGone);
    int chunkSize = relay.settings.chunkSize();
    if (relay.settings.hybridStreaming() && chunkSize > 1) {
      batcher = new TokenBatcher(client, chunkSize, relay.executors.timers(), this::clientGone);
    }
    client.open(startOf(null));
    long period = relay.settings.heartbeatInterval().toMillis();
    heartbeat =
        relay
            .executors
            .timers()
            .scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    callCurrentModel();
  }

  private String model() {
    return route.models().get(attempt);
  }

  /** The route's tier while its model serves; after a fallback, the tier of the new model. */
  private String tier() {
    Tier routed = route.tier();
    if (routed != null && relay.tiers.modelsOf(routed).contains(model())) {
      return routed.name(); // a model listed in several tiers serves as the routed one
    }
    Tier tier = relay.tiers.tierOf(model()).orElse(routed);
    return tier == null ? null : tier.name();
  }

  private StreamStart startOf(String fallbackFrom) {
    return new StreamStart(
        info.requestId(),
        model(),
        tier(),
        route.reason(),
        provider.name(),
        startedAt.getEpochSecond(),
        fallbackFrom,
        false);
  }

  private void callCurrentModel() {
    UpstreamCall call = relay.upstream.stream(provider, model(), input.request(), this);
    upstream = call;
    if (finished.get()) {
      call.cancel(); // the client left while we were starting
    }
  }

  @Override
  public void onToken(String text) {
    if (finished.get()) {
      return;
    }
    if (firstTokenNanos == 0) {
      firstTokenNanos = System.nanoTime();
    }
    estimatedCompletionTokens += Math.max(1, TokenEstimator.textTokens(text));
    if (cacheKey != null) {
      pieceChars += text.length();
      if (pieceChars > MAX_CACHED_CHARS) {
        cacheKey = null;
        pieces.clear();
      } else {
        pieces.add(text);
      }
    }
    boolean delivered;
    try {
      TokenBatcher grouping = batcher;
      delivered = grouping != null ? grouping.token(text) : client.token(text);
    } catch (RuntimeException writeFailed) {
      LOG.log(
          Level.WARNING, "request " + info.requestId() + ": relaying a token failed", writeFailed);
      delivered = false;
    }
    if (!delivered) {
      clientGone();
    }
  }

  @Override
  public void onUsage(int promptTokens, int completionTokens) {
    if (promptTokens >= 0) {
      reportedPromptTokens = promptTokens;
    }
    if (completionTokens >= 0) {
      reportedCompletionTokens = completionTokens;
    }
  }

  @Override
  public void onComplete(String finishReason) {
    finish(Outcome.OK, finishReason, null);
  }

  @Override
  public void onFailure(UpstreamFailure failure) {
    if (!finished.get()
        && firstTokenNanos == 0
        && failure.kind() == UpstreamFailure.Kind.CONNECT_FAILED
        && !retriedConnection) {
      // Often a pooled connection the provider had just closed: one more try on a new one.
      retriedConnection = true;
      attempts.add(model() + ":" + failure.code());
      callCurrentModel();
      return;
    }
    if (!finished.get() && firstTokenNanos == 0 && canFallBack(failure)) {
      String failed = model();
      String failedTier = tier();
      int next = attempt + 1;
      double worstCase =
          relay.budget.worstCase(
              route.models().get(next), estimatedPromptTokens, input.request().maxTokens());
      if (relay.budget.resize(reservation, worstCase)) {
        attempts.add(failed + ":" + failure.code());
        attempt = next;
        LOG.info(
            () ->
                "request_id="
                    + info.requestId()
                    + " fallback "
                    + failed
                    + " ("
                    + failedTier
                    + ") -> "
                    + model()
                    + " after "
                    + failure.code());
        client.open(startOf(failed));
        callCurrentModel();
        return;
      }
    }
    finish(Outcome.UPSTREAM_ERROR, null, failure);
  }

  /** Before the first token, a failure that another model may not share is worth a retry. */
  private boolean canFallBack(UpstreamFailure failure) {
    return attempt + 1 < route.models().size()
        && failure.kind() != UpstreamFailure.Kind.REJECTED_REQUEST
        && failure.kind() != UpstreamFailure.Kind.AUTH_FAILED;
  }

  /** The gateway is stopping and the grace period is over: end the stream, cancel the call. */
  void interrupt() {
    stop(Outcome.INTERRUPTED);
  }

  private void heartbeat() {
    if (!finished.get() && !client.heartbeat()) {
      clientGone();
    }
  }

  private void clientGone() {
    stop(Outcome.CLIENT_CANCELLED);
  }

  /** Ends the stream from our side: the provider call is cancelled first. */
  private void stop(Outcome outcome) {
    if (finished.get()) {
      return;
    }
    UpstreamCall call = upstream;
    if (call != null) {
      call.cancel();
    }
    finish(outcome, null, null);
  }

  private void finish(Outcome outcome, String finishReason, UpstreamFailure failure) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    ScheduledFuture<?> beat = heartbeat;
    if (beat != null) {
      beat.cancel(false);
    }
    long now = System.nanoTime();
    Long ttftMs = firstTokenNanos == 0 ? null : (firstTokenNanos - startNanos) / 1_000_000;
    long totalMs = (now - startNanos) / 1_000_000;
    boolean estimated = reportedPromptTokens < 0 || reportedCompletionTokens < 0;
    int promptTokens = reportedPromptTokens >= 0 ? reportedPromptTokens : estimatedPromptTokens;
    int completionTokens =
        reportedCompletionTokens >= 0 ? reportedCompletionTokens : estimatedCompletionTokens;
    double cost = relay.prices.cost(model(), promptTokens, completionTokens);
    relay.budget.settle(reservation, cost);
    String key = cacheKey;
    if (key != null && outcome == Outcome.OK && attempt == 0 && !pieces.isEmpty()) {
      relay.cache.put(
          key, new CachedAnswer(pieces, finishReason, promptTokens, completionTokens, model()));
    }
    String errorCode =
        failure != null
            ? failure.code()
            : switch (outcome) {
              case CLIENT_CANCELLED -> "client_disconnected";
              case INTERRUPTED -> "gateway_shutting_down";
              default -> null;
            };
    attempts.add(model() + ":" + (errorCode == null ? "ok" : errorCode));
    try {
      TokenBatcher grouping = batcher;
      if (grouping != null && outcome != Outcome.CLIENT_CANCELLED) {
        grouping.flush(); // the last group before the end (or the error)
      }
      if (outcome == Outcome.OK) {
        client.done(
            new StreamSummary(
                finishReason, promptTokens, completionTokens, estimated, cost, ttftMs, totalMs));
      } else if (failure != null) {
        client.fail(
            new ApiError(
                failure.clientStatus(),
                failure.code(),
                failure.getMessage(),
                failure.retryAfterSeconds()));
      } else if (outcome == Outcome.INTERRUPTED) {
        client.fail(
            new ApiError(
                503, errorCode, "the gateway is shutting down; retry on another instance", 1L));
      }
    } catch (RuntimeException writeFailed) {
      // The record below must be written whatever happened to the client connection.
      LOG.log(
          Level.WARNING,
          "request " + info.requestId() + ": ending the client stream failed",
          writeFailed);
    } finally {
      relay.closed(this);
      relay.metrics.streamClosed();
      relay.book(
          new UsageRecord(
                  startedAt,
                  info.requestId(),
                  info.endpoint(),
                  input.stream(),
                  input.request().model(),
                  model(),
                  provider.name(),
                  promptTokens,
                  completionTokens,
                  estimated,
                  cost,
                  ttftMs,
                  totalMs,
                  outcome,
                  errorCode,
                  tier(),
                  route.reason(),
                  String.join(",", attempts))
              .forClientKey(info.clientKey() == null ? null : info.clientKey().id()));
      if (info.clientKey() != null) {
        relay.rateLimits.completed(info.clientKey(), completionTokens);
      }
    }
  }
}
