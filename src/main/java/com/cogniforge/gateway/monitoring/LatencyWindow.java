package com.cogniforge.gateway.monitoring;

import java.util.Arrays;

/**
 * The latest N latency samples in a ring; percentiles are computed on demand from a sorted copy, so
 * recording stays O(1) on the request path and reading (a few times a minute) pays the sort.
 */
public final class LatencyWindow {

  private final long[] samples;
  private long count;

  public LatencyWindow(int capacity) {
    this.samples = new long[capacity];
  }

  public synchronized void add(long millis) {
    samples[(int) (count++ % samples.length)] = millis;
  }

  /** Percentiles (0..100) by the nearest-rank method; empty when there are no samples. */
  public synchronized Percentiles percentiles() {
    int size = (int) Math.min(count, samples.length);
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    return new Percentiles(size, rank(sorted, 50), rank(sorted, 95), rank(sorted, 99));
  }

  private static Long rank(long[] sorted, int percentile) {
    if (sorted.length == 0) {
      return null;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)];
  }

  /** Percentiles of a window; {@code null} values when the window is empty. */
  public record Percentiles(int samples, Long p50, Long p95, Long p99) {}
}
