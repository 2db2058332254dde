package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamFailure;
import com.cogniforge.gateway.providers.UpstreamListener;
import com.cogniforge.gateway.resilience.AttemptResult;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One call to one model and what it has produced so far. Its events go to the {@link AttemptRace}
 * it belongs to; its outcome is reported once to the quality monitor.
 */
final class Attempt implements UpstreamListener {

  final String model;
  final int index; // in the route's model chain
  final boolean hedge;
  private final AttemptRace race;
  private final long startedNanos = System.nanoTime();
  private final AtomicBoolean reported = new AtomicBoolean();
  final AtomicBoolean lost = new AtomicBoolean();
  volatile Upstream.Call call;
  volatile long firstTokenNanos;
  private volatile long lastTokenNanos;
  private volatile int tokens;
  volatile int estimatedCompletionTokens;
  volatile int reportedPromptTokens = -1;
  volatile int reportedCompletionTokens = -1;
  volatile int reportedCachedPromptTokens = -1;
  volatile int reportedReasoningTokens = -1;
  volatile int reportedCacheWriteTokens = -1;
  volatile String reportedModel;
  volatile String providerFields;
  volatile String provider; // the provider now called; null until the call names one

  Attempt(AttemptRace race, String model, int index, boolean hedge) {
    this.race = race;
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
    race.onToken(this, text);
  }

  @Override
  public void onDelta(UpstreamDelta delta) {
    long now = System.nanoTime();
    if (firstTokenNanos == 0) {
      firstTokenNanos = now;
    }
    lastTokenNanos = now;
    tokens++;
    estimatedCompletionTokens += Math.max(1, (delta.outputChars() + 3) / 4);
    race.onDelta(this, delta);
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
  public void onUsageDetails(int cachedPromptTokens, int reasoningTokens) {
    if (cachedPromptTokens >= 0) {
      reportedCachedPromptTokens = cachedPromptTokens;
    }
    if (reasoningTokens >= 0) {
      reportedReasoningTokens = reasoningTokens;
    }
  }

  @Override
  public void onCacheWriteTokens(int tokens) {
    reportedCacheWriteTokens = tokens;
  }

  @Override
  public void onProvider(String name) {
    String before = provider;
    provider = name;
    if (before != null && !before.equals(name)) {
      race.onProviderMoved(this, before, name);
    }
  }

  @Override
  public void onServedModel(String model) {
    reportedModel = model;
  }

  @Override
  public boolean awaitRoom(Runnable resume) {
    return race.awaitRoom(this, resume);
  }

  @Override
  public void onProviderFields(String members) {
    providerFields = members;
  }

  /**
   * The model to record as served: the provider's name for it when it differs from the routed one
   * (a dated version, a provider's own alias), else the routed name.
   */
  String servedModelName() {
    String reported = reportedModel;
    return reported != null ? reported : model;
  }

  @Override
  public void onComplete(String finishReason) {
    race.onComplete(this, finishReason);
  }

  @Override
  public void onFailure(UpstreamFailure failure) {
    race.onFailure(this, failure);
  }

  /** Prompt tokens as the provider counted them, else the gateway's estimate. */
  int promptTokens(int estimated) {
    return reportedPromptTokens >= 0 ? reportedPromptTokens : estimated;
  }

  /** Completion tokens as the provider counted them, else the gateway's estimate. */
  int completionTokens() {
    return reportedCompletionTokens >= 0 ? reportedCompletionTokens : estimatedCompletionTokens;
  }

  /** Prompt tokens the provider read from its cache (0 when it said nothing of it). */
  int cachedPromptTokens() {
    return Math.max(0, reportedCachedPromptTokens);
  }

  /** Prompt tokens the provider wrote to its cache (0 when it said nothing of it). */
  int cacheWriteTokens() {
    return Math.max(0, reportedCacheWriteTokens);
  }

  /** Completion tokens the provider says were spent reasoning (0 when it said nothing of it). */
  int reasoningTokens() {
    return Math.max(0, reportedReasoningTokens);
  }

  boolean usageEstimated() {
    return reportedPromptTokens < 0 || reportedCompletionTokens < 0;
  }

  void cancel() {
    Upstream.Call running = call;
    if (running != null) {
      running.cancel();
    }
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
    race.observe(
        model,
        new AttemptResult(
            outcome,
            failure == null ? null : failure.kind().name().toLowerCase(Locale.ROOT),
            ttft,
            gap,
            speed));
  }
}
