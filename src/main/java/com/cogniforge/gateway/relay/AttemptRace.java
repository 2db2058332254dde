package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.resilience.AttemptResult;
import com.cogniforge.gateway.routing.RouteDecision;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The calls one stream makes along its route's model chain: the first model is called; one that
 * fails before its first token is replaced by the next (a refused connection is first retried once
 * on a fresh one); in hybrid mode a first token slower than the model's p95 starts a hedged twin on
 * the next model of the tier. The first call to produce output wins and every other is cancelled;
 * after the first token nothing falls back. Only the winner's output reaches {@link Events}.
 */
final class AttemptRace {

  private static final Logger LOG = Logger.getLogger(AttemptRace.class.getName());

  /** What the race tells its stream, in order, for the call that serves. */
  interface Events {
    /** Another model now serves: a fallback before any token, or a hedge that answered first. */
    void switched(String model, String replaced, boolean hedged);

    /**
     * The serving model moved to another of its providers before any token (the one called failed
     * to answer).
     */
    void providerMoved(String model, String provider);

    void token(String text);

    /** A chunk with more than text (tool calls, reasoning...), as the provider wrote it. */
    void delta(UpstreamDelta delta);

    void completed(String finishReason);

    /** The serving call failed mid-stream, or every model failed before answering. */
    void failed(UpstreamFailure failure);

    /** Whether the client has taken what it was sent; see {@code ClientStream.awaitRoom}. */
    default boolean awaitRoom(Runnable resume) {
      return true;
    }
  }

  private final String requestId;
  private final RouteDecision route;
  private final Upstream upstream;
  private final StreamBudget budget;
  private final RelayServices services;
  private final boolean hedging;
  private final int estimatedPromptTokens;
  private final Events events;

  private final long startNanos = System.nanoTime();
  // Every attempt's end as model:outcome, written by attempts' threads and the ending thread.
  private final List<String> log = new CopyOnWriteArrayList<>();
  // Attempts whose call is running (two while a hedge races the primary).
  private final Set<Attempt> live = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Attempt> winner = new AtomicReference<>();
  // What calls the provider may have billed cost: hedges that lost (their prompt was sent) and
  // calls that failed after the provider took them. The served call is priced by its stream.
  private final Map<Attempt, Double> billedCostUsd = new ConcurrentHashMap<>();
  private volatile boolean ended;
  private volatile Attempt current; // the latest attempt started: the one that serves if none won
  private int nextModel; // index in route.models() of the next model to call; under this lock
  private volatile boolean retriedConnection;
  private volatile ScheduledFuture<?> hedgeTimer;

  AttemptRace(
      String requestId,
      RouteDecision route,
      Upstream upstream,
      StreamBudget budget,
      RelayServices services,
      boolean hedging,
      int estimatedPromptTokens,
      Events events) {
    this.requestId = requestId;
    this.route = route;
    this.upstream = upstream;
    this.budget = budget;
    this.services = services;
    this.hedging = hedging;
    this.estimatedPromptTokens = estimatedPromptTokens;
    this.events = events;
  }

  synchronized void start() {
    startAttempt(nextModel++, false);
  }

  /** The attempt whose output the client got (or would have): the winner, else the latest. */
  Attempt served() {
    Attempt won = winner.get();
    return won != null ? won : current;
  }

  /**
   * What the calls that did not serve cost: hedges that lost, and failed calls the provider may
   * have billed (see {@link #mayHaveBilled}).
   */
  double unservedCostUsd() {
    Attempt served = served();
    double sum = 0;
    for (Map.Entry<Attempt, Double> priced : billedCostUsd.entrySet()) {
      if (priced.getKey() != served) {
        sum += priced.getValue();
      }
    }
    return sum;
  }

  /**
   * Whether a failed call may have cost money: the provider took the request (it answered 200, or
   * went silent after it was sent) or said what it counted. A refused connection or an error status
   * (4xx, 5xx) is not billed by providers.
   */
  static boolean mayHaveBilled(Attempt attempt, UpstreamFailure failure) {
    if (attempt.reportedPromptTokens >= 0 || attempt.reportedCompletionTokens >= 0) {
      return true;
    }
    return switch (failure.kind()) {
      case CONNECT_FAILED,
              REJECTED_REQUEST,
              AUTH_FAILED,
              RATE_LIMITED,
              SERVER_ERROR,
              UNTRANSLATABLE ->
          false;
      case FIRST_TOKEN_TIMEOUT, STALLED, CLOSED_EARLY, MALFORMED_CHUNK, OVERSIZED, STREAM_ERROR ->
          true;
    };
  }

  /** Its prompt as sent (or counted) and whatever completion it produced or reported. */
  private void price(Attempt attempt) {
    billedCostUsd.put(
        attempt,
        budget.cost(
            attempt.model,
            attempt.promptTokens(estimatedPromptTokens),
            attempt.cachedPromptTokens(),
            attempt.cacheWriteTokens(),
            attempt.completionTokens()));
  }

  /** Every model tried, in order, as {@code model:outcome}, ending with the served one's. */
  String attempts(String servedOutcome) {
    log.add(served().model + ":" + servedOutcome);
    return String.join(",", log);
  }

  /** A call failed over to another provider of its model; the client hears of it. */
  void onProviderMoved(Attempt attempt, String from, String to) {
    log.add(attempt.model + "@" + from + ":failed_over");
    if (!ended && winner.get() == null && attempt == current) {
      events.providerMoved(attempt.model, to);
    }
  }

  /** The stream is ending from our side (client gone, shutdown): every call is cancelled. */
  void abandon() {
    ended = true;
    for (Attempt attempt : live) {
      attempt.cancel();
      attempt.report(AttemptResult.Outcome.ABANDONED, null);
    }
  }

  /** The stream has ended: no new call starts, and the served call's outcome is reported. */
  void end(UpstreamFailure failure, boolean succeeded) {
    ended = true;
    ScheduledFuture<?> timer = hedgeTimer;
    if (timer != null) {
      timer.cancel(false);
    }
    if (succeeded) {
      served().report(AttemptResult.Outcome.SUCCESS, null);
    } else if (failure != null) {
      served().report(AttemptResult.Outcome.FAILURE, failure);
    }
  }

  void observe(String model, AttemptResult result) {
    services.quality().observe(model, result);
  }

  /** Calls the route's model at {@code index}; the caller holds this race's lock. */
  private void startAttempt(int index, boolean hedge) {
    Attempt attempt = new Attempt(this, route.models().get(index), index, hedge);
    live.add(attempt);
    if (!hedge) {
      current = attempt;
    }
    attempt.call = upstream.call(attempt.model, attempt);
    Attempt won = winner.get();
    if (ended || attempt.lost.get()) {
      attempt.cancel(); // the client left, or a twin won, while we were starting
    } else if (won != null && won != attempt) {
      lose(attempt);
    } else if (!hedge) {
      scheduleHedge(attempt);
    }
  }

  /**
   * When the next model of the route is in the same tier, arms a timer that sends it the same
   * request if {@code primary} has produced no token by then.
   */
  private void scheduleHedge(Attempt primary) {
    if (!hedging
        || route.tier() == null
        || primary.index + 1 >= route.models().size()
        || !services
            .tiers()
            .modelsOf(route.tier())
            .contains(route.models().get(primary.index + 1))) {
      return;
    }
    services.hedging().eligible();
    long delay = services.hedging().delayMs(primary.model, route.tier());
    hedgeTimer = services.timers().schedule(() -> hedge(primary), delay, TimeUnit.MILLISECONDS);
  }

  private synchronized void hedge(Attempt primary) {
    if (ended
        || winner.get() != null
        || current != primary
        || live.size() != 1
        || nextModel != primary.index + 1
        || !services.hedging().tryHedge()) {
      return;
    }
    String backup = route.models().get(nextModel);
    if (!budget.resize(budget.reservedUsd() + budget.worstCase(backup))) {
      return; // no budget for a second call: wait for the first
    }
    LOG.info(
        () ->
            "request_id="
                + requestId
                + " hedge "
                + primary.model
                + " -> "
                + backup
                + " after "
                + (System.nanoTime() - startNanos) / 1_000_000
                + " ms without a first token");
    services.books().hedged();
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
        lose(other);
      }
    }
    if (attempt.hedge) {
      events.switched(attempt.model, current.model, true);
    }
    return true;
  }

  /** Another attempt answered first: this call is cancelled, and its prompt still paid for. */
  private void lose(Attempt attempt) {
    if (!attempt.lost.compareAndSet(false, true)) {
      return;
    }
    live.remove(attempt);
    attempt.cancel();
    price(attempt);
    log.add(attempt.model + ":hedge_lost");
    attempt.report(AttemptResult.Outcome.ABANDONED, null);
  }

  void onToken(Attempt attempt, String text) {
    if (!ended && claim(attempt)) {
      events.token(text);
    }
  }

  void onDelta(Attempt attempt, UpstreamDelta delta) {
    if (!ended && claim(attempt)) {
      events.delta(delta);
    }
  }

  /** Back-pressure reaches only the serving call: before a winner, nothing was sent. */
  boolean awaitRoom(Attempt attempt, Runnable resume) {
    return ended || winner.get() != attempt || events.awaitRoom(resume);
  }

  void onComplete(Attempt attempt, String finishReason) {
    if (claim(attempt)) {
      events.completed(finishReason);
    }
  }

  void onFailure(Attempt attempt, UpstreamFailure failure) {
    Attempt won = winner.get();
    if (won == attempt) {
      events.failed(failure); // mid-stream: no fallback after a token
      return;
    }
    attempt.report(AttemptResult.Outcome.FAILURE, failure);
    synchronized (this) {
      live.remove(attempt);
      if (ended) {
        return; // the stream is over and settled
      }
      if (mayHaveBilled(attempt, failure)) {
        price(attempt); // counted in the stream's cost unless this call ends up the served one
      }
      if (won != null || winner.get() != null) {
        return; // the other attempt won
      }
      if (!live.isEmpty()) {
        log.add(attempt.model + ":" + failure.code());
        return; // a hedged twin is still running and may yet answer
      }
      if (failure.kind() == UpstreamFailure.Kind.CONNECT_FAILED && !retriedConnection) {
        // Often a pooled connection the provider had just closed: one more try on a new one.
        retriedConnection = true;
        log.add(attempt.model + ":" + failure.code());
        startAttempt(attempt.index, false);
        return;
      }
      if (canFallBack(failure) && fallBack(attempt, failure)) {
        return;
      }
    }
    events.failed(failure);
  }

  /** Moves to the next model of the chain if the budget can hold its worst case. */
  private boolean fallBack(Attempt failed, UpstreamFailure failure) {
    String next = route.models().get(nextModel);
    // What the failed calls may have cost stays reserved; the next model's worst case is added.
    double billed = billedCostUsd.values().stream().mapToDouble(Double::doubleValue).sum();
    if (!budget.resize(billed + budget.worstCase(next))) {
      return false;
    }
    log.add(failed.model + ":" + failure.code());
    LOG.info(
        () ->
            "request_id="
                + requestId
                + " fallback "
                + failed.model
                + " -> "
                + next
                + " after "
                + failure.code());
    events.switched(next, failed.model, false);
    startAttempt(nextModel++, false);
    return true;
  }

  /** Before the first token, a failure that another model may not share is worth a retry. */
  private boolean canFallBack(UpstreamFailure failure) {
    return nextModel < route.models().size()
        && failure.kind() != UpstreamFailure.Kind.REJECTED_REQUEST
        && failure.kind() != UpstreamFailure.Kind.AUTH_FAILED;
  }
}
