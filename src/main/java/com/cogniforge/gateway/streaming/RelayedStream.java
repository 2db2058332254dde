package com.cogniforge.gateway.streaming;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.budget.TokenEstimator;
import com.cogniforge.gateway.providers.ProviderEndpoint;
import com.cogniforge.gateway.providers.UpstreamCall;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.providers.UpstreamListener;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One chat in flight: provider chunks go to the client as they arrive, heartbeats keep it alive,
 * and whichever comes first (provider done, provider failure, client gone) ends it exactly once.
 */
final class RelayedStream implements UpstreamListener {

  private static final Logger LOG = Logger.getLogger(RelayedStream.class.getName());

  private final StreamRelay relay;
  private final RequestInfo info;
  private final ChatInput input;
  private final String model;
  private final ProviderEndpoint provider;
  private final Instant startedAt = Instant.now();
  private final long startNanos = System.nanoTime();
  private final AtomicBoolean finished = new AtomicBoolean();

  private ClientStream client;
  private volatile UpstreamCall upstream;
  private volatile ScheduledFuture<?> heartbeat;
  private volatile long firstTokenNanos;
  private volatile int estimatedCompletionTokens;
  private volatile int reportedPromptTokens = -1;
  private volatile int reportedCompletionTokens = -1;

  RelayedStream(
      StreamRelay relay,
      RequestInfo info,
      ChatInput input,
      String model,
      ProviderEndpoint provider) {
    this.relay = relay;
    this.info = info;
    this.input = input;
    this.model = model;
    this.provider = provider;
  }

  /** Opens the client stream and starts the upstream call. */
  void start(ClientStream client) {
    this.client = client;
    relay.metrics.streamOpened();
    client.onClientGone(this::clientGone);
    client.open(
        new StreamStart(info.requestId(), model, provider.name(), startedAt.getEpochSecond()));
    long period = relay.settings.heartbeatInterval().toMillis();
    heartbeat =
        relay
            .executors
            .timers()
            .scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    upstream = relay.upstream.stream(provider, model, input.request(), this);
    if (finished.get()) {
      upstream.cancel(); // the client left while we were starting
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
    boolean delivered;
    try {
      delivered = client.token(text);
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
    finish(Outcome.UPSTREAM_ERROR, null, failure);
  }

  private void heartbeat() {
    if (!finished.get() && !client.heartbeat()) {
      clientGone();
    }
  }

  private void clientGone() {
    if (finished.get()) {
      return;
    }
    UpstreamCall call = upstream;
    if (call != null) {
      call.cancel();
    }
    finish(Outcome.CLIENT_CANCELLED, null, null);
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
    int promptTokens =
        reportedPromptTokens >= 0
            ? reportedPromptTokens
            : TokenEstimator.promptTokens(input.request());
    int completionTokens =
        reportedCompletionTokens >= 0 ? reportedCompletionTokens : estimatedCompletionTokens;
    double cost = relay.prices.cost(model, promptTokens, completionTokens);
    String errorCode =
        failure != null
            ? failure.code()
            : outcome == Outcome.CLIENT_CANCELLED ? "client_disconnected" : null;
    try {
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
      }
    } catch (RuntimeException writeFailed) {
      // The record below must be written whatever happened to the client connection.
      LOG.log(
          Level.WARNING,
          "request " + info.requestId() + ": ending the client stream failed",
          writeFailed);
    } finally {
      relay.metrics.streamClosed();
      relay.book(
          new UsageRecord(
              startedAt,
              info.requestId(),
              info.endpoint(),
              input.stream(),
              input.request().model(),
              model,
              provider.name(),
              promptTokens,
              completionTokens,
              estimated,
              cost,
              ttftMs,
              totalMs,
              outcome,
              errorCode));
    }
  }
}
