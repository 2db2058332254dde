package com.cogniforge.gateway.security;

import com.cogniforge.gateway.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Slows down password guessing: after {@value #FREE_FAILURES} failures in a row against one key (a
 * client address, a user name), each further failure locks that key out for twice as long as the
 * one before (2 s, 4 s, ... up to 15 min). While locked out, attempts are refused without checking
 * the password, so a guess costs the attacker time and the gateway no hashing.
 *
 * <p>An attempt is {@linkplain #reserve reserved} before the password is hashed, atomically, and
 * counts as a failure until {@link #succeeded} clears it: checking first and counting after the
 * hash let 20 parallel guesses all through to the (deliberately slow) hash. Counts are forgotten
 * after {@link #FORGET_AFTER} without a failure.
 */
@ApplicationScoped
public class LoginThrottle {

  static final int FREE_FAILURES = 5;
  private static final Duration MAX_LOCK = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofHours(1);
  private static final int MAX_TRACKED = 10_000;
  private static final int MAX_USER_CHARS = 100;

  private record Failures(int count, long lastMillis, long lockedUntilMillis) {}

  /** Oldest first, bounded, so a flood of addresses cannot exhaust memory. */
  private final Map<String, Failures> failures =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  private final Clock clock;

  public LoginThrottle() {
    this(Clock.systemUTC());
  }

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** The throttling key of a user name (case-insensitive, bounded), apart from addresses. */
  public static String user(String name) {
    String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return "user:"
        + (normalized.length() > MAX_USER_CHARS
            ? normalized.substring(0, MAX_USER_CHARS)
            : normalized);
  }

  /**
   * Takes one attempt against every key at once: when none is locked out, the attempt is counted as
   * a failure (until {@link #succeeded}) and zero is returned; else nothing is counted and the
   * longest wait is returned.
   */
  public synchronized Duration reserve(String... keys) {
    long now = clock.millis();
    long wait = 0;
    for (String key : keys) {
      Failures entry = current(key, now);
      if (entry != null) {
        wait = Math.max(wait, entry.lockedUntilMillis() - now);
      }
    }
    if (wait > 0) {
      return Duration.ofMillis(wait);
    }
    for (String key : keys) {
      Failures entry = current(key, now);
      int count = (entry == null ? 0 : entry.count()) + 1;
      long lockMillis = 0;
      if (count > FREE_FAILURES) {
        int doublings = Math.min(count - FREE_FAILURES, 20);
        lockMillis = Math.min(MAX_LOCK.toMillis(), 1000L << doublings);
      }
      failures.put(key, new Failures(count, now, now + lockMillis));
    }
    return Duration.ZERO;
  }

  /** How long {@code key} must still wait before its next attempt; zero when it may try. */
  public synchronized Duration waitFor(String key) {
    long now = clock.millis();
    Failures entry = current(key, now);
    long left = entry == null ? 0 : entry.lockedUntilMillis() - now;
    return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
  }

  /** The 429 a locked-out client gets, with Retry-After in whole seconds (at least one). */
  public static ApiError lockedOut(String code, String message, Duration wait) {
    return new ApiError(429, code, message, Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  /** The reserved attempt was right: the keys start afresh. */
  public synchronized void succeeded(String... keys) {
    for (String key : keys) {
      failures.remove(key);
    }
  }

  private Failures current(String key, long now) {
    Failures entry = failures.get(key);
    if (entry != null && now - entry.lastMillis() > FORGET_AFTER.toMillis()) {
      failures.remove(key);
      return null;
    }
    return entry;
  }
}
