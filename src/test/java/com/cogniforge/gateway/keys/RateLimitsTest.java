package com.cogniforge.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

  private static ClientKey key(Integer rpm, Integer tpm) {
    return new ClientKey(
        7,
        "test",
        "cfk_abcdefgh",
        new byte[0],
        new byte[0],
        Instant.EPOCH,
        null,
        null,
        new KeyLimits(null, rpm, tpm, Set.of(), Set.of(), null, Set.of()));
  }

  @Test
  void requestsPerMinuteAdmitAMinutesWorthThenRefillContinuously() {
    AtomicLong nanos = new AtomicLong();
    RateLimits limits = new RateLimits(nanos::get);
    ClientKey key = key(6, null);
    for (int i = 0; i < 6; i++) {
      assertFalse(limits.admit(key, 10).isPresent(), "request " + i);
    }
    OptionalLong wait = limits.admit(key, 10);
    assertEquals(10, wait.getAsLong(), "one request refills every 10 s");
    nanos.addAndGet(10_000_000_000L);
    assertFalse(limits.admit(key, 10).isPresent());
    assertTrue(limits.admit(key, 10).isPresent());
  }

  @Test
  void completionTokensPutTheBucketInDebtThatLaterRequestsWaitOut() {
    AtomicLong nanos = new AtomicLong();
    RateLimits limits = new RateLimits(nanos::get);
    ClientKey key = key(null, 600); // 10 tokens a second
    assertFalse(limits.admit(key, 100).isPresent());
    limits.completed(key, 800); // 600 - 100 - 800 = -300
    assertEquals(40, limits.admit(key, 100).getAsLong(), "(100 + 300) tokens at 10/s");
    nanos.addAndGet(40_000_000_000L);
    assertFalse(limits.admit(key, 100).isPresent());
  }

  @Test
  void aPromptLargerThanTheMinuteStillPassesWhenTheBucketIsFull() {
    RateLimits limits = new RateLimits(() -> 0);
    assertFalse(limits.admit(key(null, 100), 5000).isPresent(), "else it could never pass");
  }

  @Test
  void keysWithoutLimitsAreNeverHeld() {
    RateLimits limits = new RateLimits(() -> 0);
    for (int i = 0; i < 1000; i++) {
      assertFalse(limits.admit(key(null, null), 100_000).isPresent());
    }
  }

  @Test
  void hashesDependOnTheSalt() {
    byte[] a = ClientKeys.hash(new byte[] {1}, "cfk_x");
    byte[] b = ClientKeys.hash(new byte[] {2}, "cfk_x");
    assertFalse(java.util.Arrays.equals(a, b));
    assertEquals(32, a.length);
  }
}
