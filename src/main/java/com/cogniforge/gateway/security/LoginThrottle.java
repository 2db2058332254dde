package com.cogniforge.gateway.security;

import com.cogniforge.gateway.ApiError;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing: after {@value #FREE_FAILURES} failures in a row from one client
 * address, each further failure locks that address out for twice as long as the one before (2 s, 4
 * s, ... up to 15 min). While locked out, attempts are refused without checking the password, so a
 * guess costs the attacker time and the gateway no hashing. A success clears the count.
 */
@ApplicationScoped
public class LoginThrottle {

  static final int FREE_FAILURES = 5;
  private static final Duration MAX_LOCK = Duration.ofMinutes(15);
  private static final int MAX_TRACKED = 10_000;

  private record Failures(int count, long lockedUntilMillis) {}

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

  /** How long {@code client} must still wait before its next attempt; zero when it may try. */
  public synchronized Duration waitFor(String client) {
    Failures entry = failures.get(client);
    long left = entry == null ? 0 : entry.lockedUntilMillis() - clock.millis();
    return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
  }

  /** The 429 a locked-out client gets, with Retry-After in whole seconds (at least one). */
  public static ApiError lockedOut(String code, String message, Duration wait) {
    return new ApiError(429, code, message, Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  public synchronized void failed(String client) {
    Failures entry = failures.getOrDefault(client, new Failures(0, 0));
    int count = entry.count() + 1;
    long lockMillis = 0;
    if (count > FREE_FAILURES) {
      int doublings = Math.min(count - FREE_FAILURES, 20);
      lockMillis = Math.min(MAX_LOCK.toMillis(), 1000L << doublings);
    }
    failures.put(client, new Failures(count, clock.millis() + lockMillis));
  }

  public synchronized void succeeded(String client) {
    failures.remove(client);
  }
}
