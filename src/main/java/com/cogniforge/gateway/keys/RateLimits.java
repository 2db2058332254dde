package com.cogniforge.gateway.keys;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-key requests and tokens per minute, as token buckets: each holds at most a minute's worth and
 * refills continuously. A request takes one request token and its prompt tokens at admission (so no
 * more than the limit passes even when many arrive at once); its completion tokens are taken when
 * it ends and may leave the bucket in debt, which the next requests wait out.
 */
@ApplicationScoped
public class RateLimits {

  private final Map<Long, Bucket> requests = new ConcurrentHashMap<>();
  private final Map<Long, Bucket> tokens = new ConcurrentHashMap<>();
  private final LongSupplier nanos;

  public RateLimits() {
    this(System::nanoTime);
  }

  RateLimits(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** Admits a request of {@code promptTokens} for {@code key}, or says how many seconds to wait. */
  public OptionalLong admit(ClientKey key, int promptTokens) {
    KeyLimits limits = key.limits();
    Bucket requestBucket =
        limits.requestsPerMinute() == null
            ? null
            : requests.computeIfAbsent(key.id(), id -> new Bucket());
    Bucket tokenBucket =
        limits.tokensPerMinute() == null
            ? null
            : tokens.computeIfAbsent(key.id(), id -> new Bucket());
    // One lock order (requests, then tokens) for both buckets of a key: no deadlock, no partial
    // take.
    Object first = requestBucket != null ? requestBucket : tokenBucket;
    if (first == null) {
      return OptionalLong.empty();
    }
    synchronized (first) {
      synchronized (tokenBucket != null ? tokenBucket : first) {
        long now = nanos.getAsLong();
        double waitRequests =
            requestBucket == null ? 0 : requestBucket.waitFor(1, limits.requestsPerMinute(), now);
        double waitTokens =
            tokenBucket == null
                ? 0
                : tokenBucket.waitFor(
                    Math.min(promptTokens, limits.tokensPerMinute()),
                    limits.tokensPerMinute(),
                    now);
        double wait = Math.max(waitRequests, waitTokens);
        if (wait > 0) {
          return OptionalLong.of(Math.max(1, (long) Math.ceil(wait)));
        }
        if (requestBucket != null) {
          requestBucket.take(1);
        }
        if (tokenBucket != null) {
          tokenBucket.take(promptTokens);
        }
        return OptionalLong.empty();
      }
    }
  }

  /**
   * Returns what {@link #admit} took for a request that a later admission stage refused (budget,
   * unknown model...): a refused request must not count against the key's rate.
   */
  public void giveBack(ClientKey key, int promptTokens) {
    KeyLimits limits = key.limits();
    giveBack(requests.get(key.id()), limits.requestsPerMinute(), 1);
    giveBack(tokens.get(key.id()), limits.tokensPerMinute(), promptTokens);
  }

  private void giveBack(Bucket bucket, Integer perMinute, int amount) {
    if (bucket != null && perMinute != null) {
      synchronized (bucket) {
        bucket.refill(perMinute, nanos.getAsLong());
        bucket.take(-Math.min(amount, perMinute));
      }
    }
  }

  /** Charges the completion tokens of a request that has ended. */
  public void completed(ClientKey key, int completionTokens) {
    Integer perMinute = key.limits().tokensPerMinute();
    if (perMinute != null && completionTokens > 0) {
      Bucket bucket = tokens.computeIfAbsent(key.id(), id -> new Bucket());
      synchronized (bucket) {
        bucket.refill(perMinute, nanos.getAsLong());
        bucket.take(completionTokens);
      }
    }
  }

  /** Tokens available now, refilled at {@code perMinute}/60 a second up to {@code perMinute}. */
  private static final class Bucket {
    private double available = Double.NaN;
    private long lastNanos;

    void refill(int perMinute, long now) {
      if (Double.isNaN(available)) {
        available = perMinute;
      } else {
        available = Math.min(perMinute, available + (now - lastNanos) / 60e9 * perMinute);
      }
      lastNanos = now;
    }

    /** Seconds until {@code amount} is available (0: now). */
    double waitFor(int amount, int perMinute, long now) {
      refill(perMinute, now);
      return available >= amount ? 0 : (amount - available) * 60.0 / perMinute;
    }

    /** Takes {@code amount} (a negative one gives back, never above the bucket's size). */
    void take(int amount) {
      available -= amount;
    }
  }
}
