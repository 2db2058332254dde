package com.cogniforge.gateway.resilience;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's recent calls and its circuit breaker. Calls are kept for the policy's window (at most
 * {@value #MAX_SAMPLES} of them); health is recomputed on each call's end, which is cheap at that
 * size, so the router only reads a field.
 */
public final class ModelQuality {

  static final int MAX_SAMPLES = 512;

  private record Sample(long atNanos, AttemptResult result) {}

  private final String model;
  private final Long ttftTargetMs;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private CircuitState state = CircuitState.CLOSED;
  private long openedAtNanos;
  private boolean probing;
  private long probeStartedNanos;
  private long opened; // times the circuit opened, for operators

  ModelQuality(String model, Long ttftTargetMs) {
    this.model = model;
    this.ttftTargetMs = ttftTargetMs;
  }

  /**
   * Counts a finished call and moves the circuit: a closed one opens when health is below the
   * threshold; in the half-open state the probe's success closes it and its failure reopens it.
   *
   * @return the new state when it changed, else null
   */
  synchronized CircuitState add(AttemptResult result, long now, QualityPolicy policy) {
    samples.addLast(new Sample(now, result));
    if (samples.size() > MAX_SAMPLES) {
      samples.removeFirst();
    }
    dropOlderThan(now - policy.window().toNanos());
    switch (state) {
      case CLOSED -> {
        if (unhealthy(policy)) {
          return open(now);
        }
      }
      case HALF_OPEN -> {
        if (result.outcome() == AttemptResult.Outcome.SUCCESS) {
          state = CircuitState.CLOSED;
          probing = false;
          samples.clear(); // a recovered model starts with a clean slate
          samples.addLast(new Sample(now, result));
          return state;
        }
        if (result.outcome() == AttemptResult.Outcome.FAILURE) {
          return open(now);
        }
        probing = false; // the probe was abandoned: the next request may probe
      }
      case OPEN -> {
        // a call started before the circuit opened: counted, no change
      }
    }
    return null;
  }

  /**
   * Whether the window's health is below the threshold, as {@link #figures} would say, but cheap
   * enough for every call's end: slowness scales health by 0.5 to 1, so the success rate alone
   * decides unless it lies between the threshold and twice it, and only then are the TTFTs sorted.
   */
  private boolean unhealthy(QualityPolicy policy) {
    int ok = 0;
    int failed = 0;
    for (Sample sample : samples) {
      switch (sample.result().outcome()) {
        case SUCCESS -> ok++;
        case FAILURE -> failed++;
        case ABANDONED -> {}
      }
    }
    if (ok + failed < policy.minRequests()) {
      return false;
    }
    double successRate = ok + failed == 0 ? 1.0 : (double) ok / (ok + failed);
    if (successRate < policy.healthThreshold()) {
      return true;
    }
    if (ttftTargetMs == null || successRate * 0.5 >= policy.healthThreshold()) {
      return false;
    }
    return health(successRate, percentile(ttfts(), 95), ttftTargetMs) < policy.healthThreshold();
  }

  private CircuitState open(long now) {
    state = CircuitState.OPEN;
    openedAtNanos = now;
    probing = false;
    opened++;
    return state;
  }

  synchronized CircuitState state() {
    return state;
  }

  /** Whether the circuit lets the router use the model now, without changing anything. */
  synchronized boolean closed() {
    return state == CircuitState.CLOSED;
  }

  /**
   * For a model whose circuit is not closed: whether this request may be the probe. The first
   * request after the open time gets it; then none until the probe ends (or has been out for longer
   * than the open time, in case its end was lost).
   */
  synchronized boolean tryProbe(long now, QualityPolicy policy) {
    long openFor = policy.openFor().toNanos();
    if (state == CircuitState.OPEN && now - openedAtNanos >= openFor) {
      state = CircuitState.HALF_OPEN;
      probing = false;
    }
    if (state == CircuitState.HALF_OPEN && (!probing || now - probeStartedNanos > openFor)) {
      probing = true;
      probeStartedNanos = now;
      return true;
    }
    return false;
  }

  /** Seconds until an open circuit lets a probe through (at least 1). */
  synchronized long secondsUntilProbe(long now, QualityPolicy policy) {
    long left = policy.openFor().toNanos() - (now - openedAtNanos);
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
  }

  /** The p95 TTFT of the window's calls, or null with fewer than {@code min} of them. */
  synchronized Long ttftP95(int min, long now, QualityPolicy policy) {
    dropOlderThan(now - policy.window().toNanos());
    long[] ttfts = ttfts();
    return ttfts.length < min ? null : percentile(ttfts, 95);
  }

  synchronized Snapshot snapshot(long now, QualityPolicy policy) {
    dropOlderThan(now - policy.window().toNanos());
    long[] ttft = ttfts();
    Figures figures = figures(ttft);
    double[] gaps =
        samples.stream()
            .map(s -> s.result().interTokenMs())
            .filter(v -> v != null)
            .mapToDouble(Double::doubleValue)
            .sorted()
            .toArray();
    double[] speeds =
        samples.stream()
            .map(s -> s.result().tokensPerSecond())
            .filter(v -> v != null)
            .mapToDouble(Double::doubleValue)
            .toArray();
    return new Snapshot(
        model,
        state,
        figures.health(),
        samples.size(),
        figures.decided() == 0 ? null : figures.successRate(),
        figures.errors(),
        percentile(ttft, 50),
        percentile(ttft, 95),
        percentile(ttft, 99),
        percentile(gaps, 50),
        percentile(gaps, 95),
        percentile(gaps, 99),
        speeds.length == 0 ? null : Arrays.stream(speeds).average().orElse(0),
        ttftTargetMs,
        opened,
        state == CircuitState.OPEN ? secondsUntilProbe(now, policy) : null);
  }

  private void dropOlderThan(long oldest) {
    Iterator<Sample> it = samples.iterator();
    while (it.hasNext() && it.next().atNanos() < oldest) {
      it.remove();
    }
  }

  private long[] ttfts() {
    return samples.stream()
        .map(s -> s.result().ttftMs())
        .filter(v -> v != null)
        .mapToLong(Long::longValue)
        .sorted()
        .toArray();
  }

  /**
   * Success rate, errors by kind and the health score of the calls in the window, given their
   * sorted TTFTs ({@link #ttfts()}).
   */
  private Figures figures(long[] sortedTtfts) {
    int ok = 0;
    int failed = 0;
    Map<String, Integer> errors = new TreeMap<>();
    for (Sample sample : samples) {
      switch (sample.result().outcome()) {
        case SUCCESS -> ok++;
        case FAILURE -> {
          failed++;
          errors.merge(
              sample.result().errorKind() == null ? "error" : sample.result().errorKind(),
              1,
              Integer::sum);
        }
        case ABANDONED -> {}
      }
    }
    double successRate = ok + failed == 0 ? 1.0 : (double) ok / (ok + failed);
    Long p95 = percentile(sortedTtfts, 95);
    return new Figures(ok + failed, successRate, errors, health(successRate, p95, ttftTargetMs));
  }

  /**
   * Health from 0 to 1: the success rate, scaled down by up to half when the p95 TTFT is over the
   * tier's target (at twice the target, by a quarter). Slowness alone never takes a model below
   * 0.5, so with the default threshold only failures (time-outs included) open its circuit.
   */
  static double health(double successRate, Long ttftP95Ms, Long ttftTargetMs) {
    double latency =
        ttftP95Ms == null || ttftTargetMs == null || ttftP95Ms <= ttftTargetMs
            ? 1.0
            : (double) ttftTargetMs / ttftP95Ms;
    return successRate * (0.5 + 0.5 * latency);
  }

  private record Figures(
      int decided, double successRate, Map<String, Integer> errors, double health) {}

  private static Long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return null;
    }
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static Double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return null;
    }
    return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /** A model's figures at one moment, for the metrics endpoint and Prometheus. */
  public record Snapshot(
      String model,
      CircuitState circuit,
      double health,
      int calls,
      Double successRate,
      Map<String, Integer> errorsByKind,
      Long ttftP50Ms,
      Long ttftP95Ms,
      Long ttftP99Ms,
      Double interTokenP50Ms,
      Double interTokenP95Ms,
      Double interTokenP99Ms,
      Double tokensPerSecond,
      Long ttftTargetMs,
      long circuitOpenings,
      Long secondsUntilProbe) {}
}
