package com.cogniforge.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-24T10:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void failuresBeyondTheFreeOnesLockTheClientOutForDoublingTimes() {
    ManualClock clock = new ManualClock();
    LoginThrottle throttle = new LoginThrottle(clock);
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      throttle.failed("10.0.0.1");
      assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"));
    }
    throttle.failed("10.0.0.1");
    assertEquals(Duration.ofSeconds(2), throttle.waitFor("10.0.0.1"));
    assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.2"), "other clients are not affected");
    clock.now = clock.now.plusSeconds(2);
    throttle.failed("10.0.0.1");
    assertEquals(Duration.ofSeconds(4), throttle.waitFor("10.0.0.1"));
    for (int i = 0; i < 30; i++) {
      throttle.failed("10.0.0.1");
    }
    assertTrue(throttle.waitFor("10.0.0.1").compareTo(Duration.ofMinutes(15)) <= 0, "capped");
  }

  @Test
  void aSuccessClearsTheCount() {
    LoginThrottle throttle = new LoginThrottle(new ManualClock());
    for (int i = 0; i < 10; i++) {
      throttle.failed("10.0.0.1");
    }
    throttle.succeeded("10.0.0.1");
    assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"));
  }
}
