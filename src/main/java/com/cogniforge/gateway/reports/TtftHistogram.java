package com.cogniforge.gateway.reports;

/**
 * TTFT percentiles of any number of requests in fixed memory: counts in logarithmic buckets 5%
 * wide, so a percentile is exact to within 5% whether a bucket holds ten requests or ten million.
 * Reports over months read records page by page into these instead of keeping every value.
 */
final class TtftHistogram {

  private static final double GROWTH = Math.log(1.05);
  private static final int BUCKETS = 300; // 1.05^299 is about 2 million ms: beyond any time-out

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  void add(long millis) {
    long value = Math.max(0, millis);
    counts[bucketOf(value)]++;
    total++;
    max = Math.max(max, value);
  }

  long count() {
    return total;
  }

  /** The value at quantile {@code q} (0..1): the upper edge of its bucket; null if empty. */
  Long percentile(double q) {
    if (total == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      seen += counts[bucket];
      if (seen >= rank) {
        // The last bucket is open-ended: what it holds is only bounded by the largest value.
        return bucket == BUCKETS - 1 ? max : Math.min(max, upperEdge(bucket));
      }
    }
    return max;
  }

  private static int bucketOf(long millis) {
    if (millis < 1) {
      return 0;
    }
    return (int) Math.min(BUCKETS - 1, 1 + (long) Math.floor(Math.log(millis) / GROWTH));
  }

  private static long upperEdge(int bucket) {
    return bucket == 0 ? 0 : (long) Math.floor(Math.exp(bucket * GROWTH));
  }
}
