package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.budget.Reservation;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.providers.ProviderEndpoint;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.providers.UpstreamCall;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.providers.UpstreamListener;
import com.cogniforge.gateway.resilience.AttemptResult;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One chat in flight: provider chunks go to the client as they arrive, heartbeats keep it alive, a
 * model that fails before its first token is replaced by the next of the route's chain, and
 * whichever comes first (provider done, provider failure, client gone) ends it exactly once: budget
 * settled, usage booked.
 *
 * <p>In hybrid mode a slow first token can also start a hedged backup call on the next model of the
 * tier; the first of the two to produce a token wins and the other is cancelled. Each call to a
 * model is an {@link Attempt}, and each attempt's end is reported to the quality monitor.
 */
final class RelayedStream implements ChatStream {

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
  // Every attempt's end as model:outcome, written by attempts' threads and the ending thread.
  private final List<String> attemptLog = new CopyOnWriteArrayList<>();
  // Attempts whose call is running (two while a hedge races the primary).
  private final Set<Attempt> live = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Attempt> winner = new AtomicReference<>();
  // What the calls that lost a hedge race cost (their prompt was sent, so it is billed).
  private final DoubleAdder losersCostUsd = new DoubleAdder();

  private ClientStream client;
  private volatile Attempt current; // the latest attempt started: the one that serves if none won
  private int nextModel; // index in route.models() of the next model to call; under this lock
  private volatile boolean retriedConnection;
  private volatile ScheduledFuture<?> heartbeat;
  private volatile ScheduledFuture<?> hedgeTimer;
  // The response cache's key when this answer is to be stored (hybrid mode, cacheable request).
  private volatile String cacheKey;
  private volatile SharedStream shared; // request coalescing, for a cacheable request
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

  /**
   * Stores the answer under {@code key} if it completes successfully on the routed model, and
   * streams it through {@code fanOut}, which identical requests arriving meanwhile have joined.
   */
  void share(String key, SharedStream fanOut) {
    this.cacheKey = key;
    this.shared = fanOut;
  }

  @Override
  public RouteDecision route() {
    return route;
  }

  /** Opens the client stream and starts the upstream call. */
  @Override
  public void start(ClientStream client) {
    SharedStream fanOut = shared;
    if (fanOut != null) {
      fanOut.lead(client);
      client = fanOut;
    }
    this.client = client;
    relay.metrics.streamOpened();
    relay.opened(this);
    client.onClientGone(this::clientGone);
    int chunkSize = relay.settings.chunkSize();
    if (relay.settings.hybridStreaming() && chunkSize > 1) {
      batcher = new TokenBatcher(client, chunkSize, relay.executors.timers(), this::clientGone);
    }
    long period = relay.settings.heartbeatInterval().toMillis();
    synchronized (this) {
      client.open(startOf(route.models().get(0), null, false));
      heartbeat =
          relay
              .executors
              .timers()
              .scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
      startAttempt(nextModel++, false);
    }
  }

  /** The route's tier while its model serves; after a fallback, the tier of the new model. */
  private String tierOf(String model) {
    Tier routed = route.tier();
    if (routed != null && relay.tiers.modelsOf(routed).contains(model)) {
      return routed.name(); // a model listed in several tiers serves as the routed one
    }
    Tier tier = relay.tiers.tierOf(model).orElse(routed);
    return tier == null ? null : tier.name();
  }

  private StreamStart startOf(String model, String fallbackFrom, boolean hedged) {
    return new StreamStart(
        info.requestId(),
        model,
        tierOf(model),
        route.reason(),
        provider.name(),
        startedAt.getEpochSecond(),
        fallbackFrom,
        false,
        hedged,
        false);
  }

  /** Calls the route's model at {@code index}; the caller holds this stream's lock. */
  private void startAttempt(int index, boolean hedge) {
    Attempt attempt = new Attempt(route.models().get(index), index, hedge);
    live.add(attempt);
    if (!hedge) {
      current = attempt;
    }
    attempt.call = relay.upstream.stream(provider, attempt.model, input.request(), attempt);
    Attempt won = winner.get();
    if (finished.get() || attempt.lost.get()) {
      attempt.call.cancel(); // the client left, or a twin won, while we were starting
    } else if (won != null && won != attempt) {
      attempt.lose();
    } else if (!hedge) {
      scheduleHedge(attempt);
    }
  }

  /**
   * In hybrid mode, when the next model of the route is in the same tier, arms a timer that sends
   * it the same request if {@code primary} has produced no token by then.
   */
  private void scheduleHedge(Attempt primary) {
    if (!relay.settings.hybridStreaming()
        || route.tier() == null
        || primary.index + 1 >= route.models().size()
        || !relay.tiers.modelsOf(route.tier()).contains(route.models().get(primary.index + 1))) {
      return;
    }
    relay.hedging.eligible();
    long delay = relay.hedging.delayMs(primary.model, route.tier());
    hedgeTimer =
        relay.executors.timers().schedule(() -> hedge(primary), delay, TimeUnit.MILLISECONDS);
  }

  private synchronized void hedge(Attempt primary) {
    if (finished.get()
        || winner.get() != null
        || current != primary
        || live.size() != 1
        || nextModel != primary.index + 1
        || !relay.hedging.tryHedge()) {
      return;
    }
    String backup = route.models().get(nextModel);
    double both =
        reservation.amountUsd()
            + relay.budget.worstCase(backup, estimatedPromptTokens, input.request().maxTokens());
    if (!relay.budget.resize(reservation, both)) {
      return; // no budget for a second call: wait for the first
    }
    LOG.info(
        () ->
            "request_id="
                + info.requestId()
                + " hedge "
                + primary.model
                + " -> "
                + backup
                + " after "
                + (System.nanoTime() - startNanos) / 1_000_000
                + " ms without a first token");
    relay.prometheus.hedged();
    startAttempt(nextModel++, true);
  }

  /** The first attempt to produce output wins: every other one is cancelled. */
  private boolean claim(Attempt attempt) {
    Attempt won = winner.get();
    if (won != null) {
      return won == attempt;
    }
    if (!winner.compareAndSet(null, attempt)) {
      return winner.get() == attempt;
    }
    ScheduledFuture<?> timer = hedgeTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    for (Attempt other : live) {
      if (other != attempt) {
        other.lose();
      }
    }
    if (attempt.hedge) {
      client.open(startOf(attempt.model, current.model, true));
    }
    return true;
  }

  private void onToken(Attempt attempt, String text) {
    if (finished.get() || !claim(attempt)) {
      return;
    }
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

  private void onComplete(Attempt attempt, String finishReason) {
    if (claim(attempt)) {
      finish(Outcome.OK, finishReason, null);
    }
  }

  private void onFailure(Attempt attempt, UpstreamFailure failure) {
    Attempt won = winner.get();
    if (won == attempt) {
      finish(Outcome.UPSTREAM_ERROR, null, failure); // mid-stream: no fallback after a token
      return;
    }
    synchronized (this) {
      live.remove(attempt);
      if (finished.get() || won != null || winner.get() != null) {
        return; // the other attempt won
      }
      if (!live.isEmpty()) {
        attemptLog.add(attempt.model + ":" + failure.code());
        return; // a hedged twin is still running and may yet answer
      }
      if (failure.kind() == UpstreamFailure.Kind.CONNECT_FAILED && !retriedConnection) {
        // Often a pooled connection the provider had just closed: one more try on a new one.
        retriedConnection = true;
        attemptLog.add(attempt.model + ":" + failure.code());
        startAttempt(attempt.index, false);
        return;
      }
      if (canFallBack(failure)) {
        String nextName = route.models().get(nextModel);
        double worstCase =
            relay.budget.worstCase(nextName, estimatedPromptTokens, input.request().maxTokens());
        if (relay.budget.resize(reservation, worstCase)) {
          attemptLog.add(attempt.model + ":" + failure.code());
          String failedTier = tierOf(attempt.model);
          LOG.info(
              () ->
                  "request_id="
                      + info.requestId()
                      + " fallback "
                      + attempt.model
                      + " ("
                      + failedTier
                      + ") -> "
                      + nextName
                      + " after "
                      + failure.code());
          client.open(startOf(nextName, attempt.model, false));
          startAttempt(nextModel++, false);
          return;
        }
      }
    }
    finish(Outcome.UPSTREAM_ERROR, null, failure);
  }

  /** Before the first token, a failure that another model may not share is worth a retry. */
  private boolean canFallBack(UpstreamFailure failure) {
    return nextModel < route.models().size()
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

  /** Ends the stream from our side: the provider calls are cancelled first. */
  private void stop(Outcome outcome) {
    if (finished.get()) {
      return;
    }
    for (Attempt attempt : live) {
      attempt.abandon();
    }
    finish(outcome, null, null);
  }

  private void finish(Outcome outcome, String finishReason, UpstreamFailure failure) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {heartbeat, hedgeTimer}) {
      if (timer != null) {
        timer.cancel(false);
      }
    }
    Attempt served = winner.get() != null ? winner.get() : current;
    if (outcome == Outcome.OK) {
      served.report(AttemptResult.Outcome.SUCCESS, null);
    } else if (failure != null) {
      served.report(AttemptResult.Outcome.FAILURE, failure);
    }
    long now = System.nanoTime();
    Long ttftMs =
        served.firstTokenNanos == 0 ? null : (served.firstTokenNanos - startNanos) / 1_000_000;
    long totalMs = (now - startNanos) / 1_000_000;
    boolean estimated = served.reportedPromptTokens < 0 || served.reportedCompletionTokens < 0;
    int promptTokens =
        served.reportedPromptTokens >= 0 ? served.reportedPromptTokens : estimatedPromptTokens;
    int completionTokens =
        served.reportedCompletionTokens >= 0
            ? served.reportedCompletionTokens
            : served.estimatedCompletionTokens;
    double cost =
        relay.prices.cost(served.model, promptTokens, completionTokens) + losersCostUsd.sum();
    relay.budget.settle(reservation, cost);
    String key = cacheKey;
    SharedStream fanOut = shared;
    if (key != null && fanOut != null) {
      relay.inFlight.remove(key, fanOut);
    }
    if (key != null
        && outcome == Outcome.OK
        && (served.index == 0 || served.hedge)
        && !pieces.isEmpty()) {
      relay.cache.put(
          key,
          new CachedAnswer(pieces, finishReason, promptTokens, completionTokens, served.model));
    }
    Outcome booked = outcome;
    if (outcome == Outcome.OK && fanOut != null && fanOut.leaderLeft()) {
      booked = Outcome.CLIENT_CANCELLED; // its own client left; the call finished for the others
    }
    String errorCode =
        failure != null
            ? failure.code()
            : switch (booked) {
              case CLIENT_CANCELLED -> "client_disconnected";
              case INTERRUPTED -> "gateway_shutting_down";
              default -> null;
            };
    attemptLog.add(served.model + ":" + (errorCode == null ? "ok" : errorCode));
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
                  served.model,
                  provider.name(),
                  promptTokens,
                  completionTokens,
                  estimated,
                  cost,
                  ttftMs,
                  totalMs,
                  booked,
                  errorCode,
                  tierOf(served.model),
                  route.reason(),
                  String.join(",", attemptLog))
              .forClientKey(info.clientKeyId()));
      if (info.clientKey() != null) {
        relay.rateLimits.completed(info.clientKey(), completionTokens);
      }
    }
  }

  /** One call to one model, and what it has produced so far. */
  private final class Attempt implements UpstreamListener {
    final String model;
    final int index;
    final boolean hedge;
    final long startedNanos = System.nanoTime();
    final AtomicBoolean reported = new AtomicBoolean();
    final AtomicBoolean lost = new AtomicBoolean();
    volatile UpstreamCall call;
    volatile long firstTokenNanos;
    volatile long lastTokenNanos;
    volatile int tokens;
    volatile int estimatedCompletionTokens;
    volatile int reportedPromptTokens = -1;
    volatile int reportedCompletionTokens = -1;

    Attempt(String model, int index, boolean hedge) {
      this.model = model;
      this.index = index;
      this.hedge = hedge;
    }

    @Override
    public void onToken(String text) {
      long now = System.nanoTime();
      if (firstTokenNanos == 0) {
        firstTokenNanos = now;
      }
      lastTokenNanos = now;
      tokens++;
      estimatedCompletionTokens += Math.max(1, TokenEstimator.textTokens(text));
      RelayedStream.this.onToken(this, text);
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
      RelayedStream.this.onComplete(this, finishReason);
    }

    @Override
    public void onFailure(UpstreamFailure failure) {
      if (winner.get() != this) {
        report(AttemptResult.Outcome.FAILURE, failure); // the winner's is reported at the end
      }
      RelayedStream.this.onFailure(this, failure);
    }

    /** Another attempt answered first: this call is cancelled, and its prompt still paid for. */
    void lose() {
      if (!lost.compareAndSet(false, true)) {
        return;
      }
      live.remove(this);
      UpstreamCall running = call;
      if (running != null) {
        running.cancel();
      }
      losersCostUsd.add(
          relay.prices.cost(
              model,
              reportedPromptTokens >= 0 ? reportedPromptTokens : estimatedPromptTokens,
              estimatedCompletionTokens));
      attemptLog.add(model + ":hedge_lost");
      report(AttemptResult.Outcome.ABANDONED, null);
    }

    /** The stream ended from our side (client gone, shutdown): the call is cancelled. */
    void abandon() {
      UpstreamCall running = call;
      if (running != null) {
        running.cancel();
      }
      report(AttemptResult.Outcome.ABANDONED, null);
    }

    /** Tells the quality monitor, once, how this call went. */
    void report(AttemptResult.Outcome outcome, UpstreamFailure failure) {
      if (!reported.compareAndSet(false, true)) {
        return;
      }
      long now = System.nanoTime();
      Long ttft = null;
      if (firstTokenNanos != 0) {
        ttft = (firstTokenNanos - startedNanos) / 1_000_000;
      } else if (outcome == AttemptResult.Outcome.ABANDONED) {
        ttft = (now - startedNanos) / 1_000_000; // a lower bound: it had waited this long
      }
      Double gap = null;
      Double speed = null;
      if (tokens >= 2 && lastTokenNanos > firstTokenNanos) {
        double seconds = (lastTokenNanos - firstTokenNanos) / 1e9;
        gap = seconds * 1000 / (tokens - 1);
        speed = (tokens - 1) / seconds;
      }
      relay.quality.observe(
          model,
          new AttemptResult(
              outcome,
              failure == null ? null : failure.kind().name().toLowerCase(Locale.ROOT),
              ttft,
              gap,
              speed));
    }
  }
}
