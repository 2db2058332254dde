package com.cogniforge.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
      assertEquals(Duration.ZERO, throttle.reserve("10.0.0.1"));
    }
    assertEquals(Duration.ZERO, throttle.reserve("10.0.0.1"), "the sixth may still try");
    assertEquals(Duration.ofSeconds(2), throttle.waitFor("10.0.0.1"));
    assertEquals(Duration.ofSeconds(2), throttle.reserve("10.0.0.1"), "refused while locked");
    assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.2"), "other clients are not affected");
    clock.now = clock.now.plusSeconds(2);
    assertEquals(Duration.ZERO, throttle.reserve("10.0.0.1"));
    assertEquals(Duration.ofSeconds(4), throttle.waitFor("10.0.0.1"));
    for (int i = 0; i < 30; i++) {
      clock.now = clock.now.plus(throttle.waitFor("10.0.0.1"));
      throttle.reserve("10.0.0.1");
    }
    assertTrue(throttle.waitFor("10.0.0.1").compareTo(Duration.ofMinutes(15)) <= 0, "capped");
  }

  @Test
  void parallelGuessesAreReservedSoOnlyTheFreeOnesAndOneMoreReachTheHash() throws Exception {
    LoginThrottle throttle = new LoginThrottle(new ManualClock());
    ExecutorService pool = Executors.newFixedThreadPool(20);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Duration>> attempts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      attempts.add(
          pool.submit(
              () -> {
                go.await();
                return throttle.reserve("10.0.0.1", LoginThrottle.user("admin"));
              }));
    }
    go.countDown();
    int admitted = 0;
    for (Future<Duration> attempt : attempts) {
      admitted += attempt.get().isZero() ? 1 : 0;
    }
    pool.shutdown();
    assertEquals(LoginThrottle.FREE_FAILURES + 1, admitted);
  }

  @Test
  void aUserIsLockedOutWhateverAddressTheGuessesComeFrom() {
    LoginThrottle throttle = new LoginThrottle(new ManualClock());
    for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
      assertEquals(Duration.ZERO, throttle.reserve("10.0.1." + i, LoginThrottle.user("admin")));
    }
    assertTrue(throttle.reserve("10.0.2.1", LoginThrottle.user(" ADMIN ")).toMillis() > 0);
    assertEquals(Duration.ZERO, throttle.reserve("10.0.2.1", LoginThrottle.user("someone")));
  }

  @Test
  void aSuccessClearsTheCount() {
    LoginThrottle throttle = new LoginThrottle(new ManualClock());
    for (int i = 0; i < 10; i++) {
      throttle.reserve("10.0.0.1");
    }
    throttle.succeeded("10.0.0.1");
    assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"));
  }

  @Test
  void countsAreForgottenAfterAQuietHour() {
    ManualClock clock = new ManualClock();
    LoginThrottle throttle = new LoginThrottle(clock);
    for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
      throttle.reserve("10.0.0.1");
    }
    clock.now = clock.now.plus(LoginThrottle.FORGET_AFTER).plusSeconds(1);
    assertEquals(Duration.ZERO, throttle.reserve("10.0.0.1"));
    assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"), "counted as the first again");
  }
}
