package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.cache.CachedAnswer;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.usage.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One chat in flight: the {@link AttemptRace} calls the route's models, the winner's tokens go to
 * the client through the {@link ClientFeed}, and whichever comes first (provider done, provider
 * failure, client gone, shutdown) ends it exactly once: budget settled, answer cached, usage
 * booked.
 */
final class RelayedStream implements ChatStream, AttemptRace.Events {

  /** Answers longer than this (characters) are relayed but not cached. */
  static final int MAX_CACHED_CHARS = 256 * 1024;

  private static final Logger LOG = Logger.getLogger(RelayedStream.class.getName());

  private final Admitted request;
  private final String defaultProvider; // named when no call has named its own
  private final Upstream upstream;
  private final StreamBudget budget;
  private final InFlight.Lead lead; // request coalescing and caching; null when not cacheable
  private final RelayServices services;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean finished = new AtomicBoolean();

  /** Tokens past the cap (beyond a quarter of it) that a stream may run before it is cut. */
  static final int CAP_SLACK_TOKENS = 32;

  private AttemptRace race;
  private ClientFeed feed;
  // The answer as streamed, for the cache; tokens come on one thread at a time.
  private final List<String> pieces = new ArrayList<>();
  private final BitSet rawPieces = new BitSet(); // which pieces are raw choices, not text
  private int pieceChars;
  private boolean cacheable;
  private boolean providerFieldsPassed; // on the token thread
  private volatile String providerFields; // read again when the answer is cached

  RelayedStream(
      Admitted request,
      String defaultProvider,
      Upstream upstream,
      StreamBudget budget,
      InFlight.Lead lead,
      RelayServices services) {
    this.request = request;
    this.defaultProvider = defaultProvider;
    this.upstream = upstream;
    this.budget = budget;
    this.lead = lead;
    this.services = services;
    this.cacheable = lead != null;
  }

  @Override
  public RouteDecision route() {
    return request.route();
  }

  /** Opens the client stream and starts the first upstream call. */
  @Override
  public void start(ClientStream client) {
    if (lead != null) {
      lead.stream().lead(client);
      client = lead.stream(); // identical requests arriving meanwhile read along
    }
    RelayOptions options = services.options().get();
    services.books().streamOpened();
    services.open().add(this);
    race =
        new AttemptRace(
            request.info().requestId(),
            request.route(),
            upstream,
            budget,
            services,
            options.hybrid(),
            request.promptTokens(),
            this);
    feed =
        new ClientFeed(
            request.info().requestId(), client, options, services.timers(), this::clientGone);
    feed.open(startOf(request.route().model(), null, false));
    race.start();
  }

  @Override
  public void switched(String model, String replaced, boolean hedged) {
    feed.reopen(startOf(model, replaced, hedged));
  }

  @Override
  public void providerMoved(String model, String provider) {
    feed.reopen(startOf(model, null, false, provider));
  }

  @Override
  public void token(String text) {
    if (finished.get()) {
      return;
    }
    if (cacheable) {
      pieceChars += text.length();
      if (pieceChars > MAX_CACHED_CHARS) {
        cacheable = false;
        pieces.clear();
        rawPieces.clear();
      } else {
        pieces.add(text);
      }
    }
    passProviderFields();
    feed.token(text);
    cutIfPastTheCap();
  }

  @Override
  public void delta(UpstreamDelta delta) {
    if (finished.get()) {
      return;
    }
    if (cacheable) {
      // Kept as the provider wrote it, so that a replay streams the same tool calls and reasoning.
      String raw = delta.choiceJson();
      pieceChars += raw == null ? MAX_CACHED_CHARS + 1 : raw.length();
      if (pieceChars > MAX_CACHED_CHARS) {
        cacheable = false;
        pieces.clear();
        rawPieces.clear();
      } else {
        rawPieces.set(pieces.size());
        pieces.add(raw);
      }
    }
    passProviderFields();
    feed.delta(delta);
    cutIfPastTheCap();
  }

  /** Before the first output: the served call's own top-level fields go to the client once. */
  private void passProviderFields() {
    if (providerFieldsPassed) {
      return;
    }
    providerFieldsPassed = true;
    Attempt served = race.served();
    providerFields = served == null ? null : served.providerFields;
    if (providerFields != null) {
      feed.providerFields(providerFields);
    }
  }

  /**
   * A provider that ignores the completion cap would outrun the reservation made for it: once the
   * answer is well past the cap (by the gateway's estimate, with room for the estimate's error),
   * the call is cancelled and the stream ends as a capped answer ends, with {@code length}.
   */
  private void cutIfPastTheCap() {
    Integer cap = request.input().request().maxTokens();
    if (cap == null) {
      return;
    }
    int allowed = cap + cap / 4 + CAP_SLACK_TOKENS;
    Attempt served = race.served();
    if (served != null && served.estimatedCompletionTokens > allowed && !finished.get()) {
      LOG.warning(
          "request "
              + request.info().requestId()
              + ": "
              + served.model
              + " went past the completion cap of "
              + cap
              + " tokens; the call is cut");
      race.abandon();
      finish(Outcome.OK, "length", null);
    }
  }

  /**
   * Back-pressure: the provider call reads on only once the client has taken what it was sent (its
   * writer holds little); a client that never does is ended by its write time-out.
   */
  @Override
  public boolean awaitRoom(Runnable resume) {
    return finished.get() || feed.awaitRoom(resume);
  }

  @Override
  public void completed(String finishReason) {
    finish(Outcome.OK, finishReason, null);
  }

  @Override
  public void failed(UpstreamFailure failure) {
    finish(Outcome.UPSTREAM_ERROR, null, failure);
  }

  /** The gateway is stopping and the grace period is over: end the stream, cancel the call. */
  void interrupt() {
    stop(Outcome.INTERRUPTED);
  }

  /** The client's key was revoked: end the stream with an error, cancel the call. */
  void revoke() {
    stop(Outcome.KEY_REVOKED);
  }

  /** The client key this stream is served to, or null. */
  Long clientKeyId() {
    return request.info().clientKeyId();
  }

  private void clientGone() {
    stop(Outcome.CLIENT_CANCELLED);
  }

  /** Ends the stream from our side: the provider calls are cancelled first. */
  private void stop(Outcome outcome) {
    if (!finished.get()) {
      race.abandon();
      finish(outcome, null, null);
    }
  }

  private void finish(Outcome outcome, String finishReason, UpstreamFailure failure) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    Attempt served = race.served();
    // Until the provider's figures are read, the record holds what is known without them.
    StreamSummary summary =
        new StreamSummary(
            finishReason,
            request.promptTokens(),
            0,
            true,
            0,
            null,
            (System.nanoTime() - startNanos) / 1_000_000);
    double cost = 0;
    boolean settled = false;
    try {
      race.end(failure, outcome == Outcome.OK);
      summary =
          new StreamSummary(
              finishReason,
              served.promptTokens(request.promptTokens()),
              served.completionTokens(),
              served.usageEstimated(),
              0,
              served.firstTokenNanos == 0
                  ? null
                  : (served.firstTokenNanos - startNanos) / 1_000_000,
              (System.nanoTime() - startNanos) / 1_000_000,
              served.cachedPromptTokens(),
              served.reasoningTokens(),
              served.cacheWriteTokens());
      cost =
          budget.cost(
                  budget.pricedModel(served.model, served.reportedModel),
                  summary.promptTokens(),
                  summary.cachedPromptTokens(),
                  summary.cacheWriteTokens(),
                  summary.completionTokens())
              + race.unservedCostUsd();
      summary = summary.withCost(cost);
      budget.settle(cost);
      settled = true;
      if (cacheable
          && outcome == Outcome.OK
          && (served.index == 0 || served.hedge)
          && !pieces.isEmpty()) {
        services
            .answers()
            .put(
                lead.key(),
                new CachedAnswer(
                    pieces,
                    rawPieces,
                    finishReason,
                    summary.promptTokens(),
                    summary.completionTokens(),
                    summary.reasoningTokens(),
                    served.model,
                    providerFields));
      }
    } catch (RuntimeException bug) {
      // Whatever failed here, the client must still be answered and the record written below;
      // the caller may be a timer or the HTTP client, which would hide the exception.
      LOG.log(
          Level.SEVERE,
          "request " + request.info().requestId() + ": settling the ended stream failed",
          bug);
      if (!settled) {
        cost = budget.reservedUsd(); // its figures are unknown: it counts at the most it held
        summary = summary.withCost(cost);
        budget.settle(cost);
      }
    } finally {
      if (lead != null) {
        services.inFlight().ended(lead); // identical requests must not join a call that is over
      }
      bookAndEnd(outcome, failure, served, summary, cost);
    }
  }

  /**
   * Books the usage record, then ends the client stream on {@link RelayServices#ends}: ending the
   * client may never return (a container deadlock, see {@code GatewayExecutors.ends}), and neither
   * the record nor the thread that ends the stream (it reads a provider, or runs the timers) may
   * wait on it.
   */
  private void bookAndEnd(
      Outcome outcome,
      UpstreamFailure failure,
      Attempt served,
      StreamSummary summary,
      double cost) {
    try {
      Outcome booked = outcome;
      if (outcome == Outcome.OK && lead != null && lead.stream().leaderLeft()) {
        booked = Outcome.CLIENT_CANCELLED; // its own client left; the call finished for the others
      }
      String errorCode =
          failure != null
              ? failure.code()
              : switch (booked) {
                case CLIENT_CANCELLED -> ClientStream.goneCode(feed.client());
                case INTERRUPTED -> "gateway_shutting_down";
                case KEY_REVOKED -> "key_revoked";
                default -> null;
              };
      services
          .books()
          .book(
              request
                  .usage(startedAt)
                  .served(served.servedModelName(), providerOf(served), tierOf(served.model))
                  .route(
                      request.route().reason(), race.attempts(errorCode == null ? "ok" : errorCode))
                  .tokens(
                      summary.promptTokens(), summary.completionTokens(), summary.usageEstimated())
                  .usageDetails(summary.cachedPromptTokens(), summary.reasoningTokens())
                  .cacheWrites(summary.cacheWriteTokens())
                  .cost(cost)
                  .timing(summary.ttftMs(), summary.totalMs())
                  .outcome(booked, errorCode)
                  .build(),
              request.info().clientKey());
    } catch (RuntimeException bookingFailed) {
      // Logged here: the caller may be a timer, which would keep the exception to itself.
      LOG.log(
          Level.SEVERE,
          "request " + request.info().requestId() + ": booking the usage record failed",
          bookingFailed);
    } finally {
      Runnable end = () -> endClient(outcome, failure, summary);
      try {
        services.ends().execute(end);
      } catch (RejectedExecutionException stopping) {
        end.run(); // the gateway is stopping: nothing else would end it
      }
    }
  }

  /** Sends the client the stream's last event and closes it; it then leaves the open streams. */
  private void endClient(Outcome outcome, UpstreamFailure failure, StreamSummary summary) {
    try {
      feed.close(outcome == Outcome.CLIENT_CANCELLED);
      lastEvent(outcome, failure, summary);
    } catch (RuntimeException writeFailed) {
      LOG.log(
          Level.WARNING,
          "request " + request.info().requestId() + ": ending the client stream failed",
          writeFailed);
    } finally {
      services.open().remove(this);
      services.books().streamClosed();
    }
  }

  /** The summary, or the error that ended the stream. */
  private void lastEvent(Outcome outcome, UpstreamFailure failure, StreamSummary summary) {
    ClientStream client = feed.client();
    if (outcome == Outcome.OK) {
      client.done(summary);
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
              503,
              "gateway_shutting_down",
              "the gateway is shutting down; retry on another instance",
              1L));
    } else if (outcome == Outcome.KEY_REVOKED) {
      client.fail(
          new ApiError(
              401, "key_revoked", "this API key was revoked while the answer was streaming"));
    }
  }

  /** The route's tier while its model serves; after a fallback, the tier of the new model. */
  private String tierOf(String model) {
    Tier routed = request.route().tier();
    if (routed != null && services.tiers().modelsOf(routed).contains(model)) {
      return routed.name(); // a model listed in several tiers serves as the routed one
    }
    Tier tier = services.tiers().tierOf(model).orElse(routed);
    return tier == null ? null : tier.name();
  }

  /** The provider that served an attempt: the one its call named last. */
  private String providerOf(Attempt attempt) {
    String named = attempt.provider;
    return named != null ? named : providerFor(attempt.model);
  }

  private String providerFor(String model) {
    String first = upstream.firstProvider(model);
    return first != null ? first : defaultProvider;
  }

  private StreamStart startOf(String model, String fallbackFrom, boolean hedged) {
    return startOf(model, fallbackFrom, hedged, providerFor(model));
  }

  private StreamStart startOf(String model, String fallbackFrom, boolean hedged, String provider) {
    return new StreamStart(
        request.info().requestId(),
        model,
        tierOf(model),
        request.route().reason(),
        provider,
        startedAt.getEpochSecond(),
        fallbackFrom,
        false,
        hedged,
        false);
  }
}
