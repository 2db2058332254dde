package com.cogniforge.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HedgingTest {

  private static Hedging hedging(double share) {
    Hedging hedging = new Hedging();
    hedging.minDelayMs = 150;
    hedging.maxDelayMs = 3000;
    hedging.maxShare = share;
    hedging.quality =
        QualityMonitor.withPolicy(
            new QualityPolicy(Duration.ofMinutes(5), 0.5, 5, Duration.ofSeconds(30)),
            TierModels.of(GatewaySettings.withValues(Map.of(Setting.FAST_MODEL, "m/a,m/b"))));
    return hedging;
  }

  @Test
  void hedgesStayWithinTheirShareOfEligibleRequests() {
    Hedging hedging = hedging(0.1);
    int hedges = 0;
    for (int i = 0; i < 1000; i++) {
      hedging.eligible();
      if (hedging.tryHedge()) {
        hedges++;
      }
    }
    assertEquals(100, hedges, "10% of 1000");
  }

  @Test
  void aBurstOfSlowRequestsCannotSpendMoreThanTheBucket() {
    Hedging hedging = hedging(0.1);
    for (int i = 0; i < 1000; i++) {
      hedging.eligible(); // a long quiet spell: credits are capped at 5
    }
    for (int i = 0; i < 5; i++) {
      assertTrue(hedging.tryHedge());
    }
    assertFalse(hedging.tryHedge(), "the sixth hedge of a burst waits for new requests");
  }

  @Test
  void theDelayIsTheTierTargetUntilTheModelHasHistoryThenItsP95WithinBounds() {
    Hedging hedging = hedging(0.1);
    assertEquals(200, hedging.delayMs("m/a", Tier.FAST), "FAST's target");
    assertEquals(3000, hedging.delayMs("m/a", Tier.GENIUS), "capped");
    for (int i = 1; i <= Hedging.MIN_SAMPLES; i++) {
      hedging.quality.observe(
          "m/a", new AttemptResult(AttemptResult.Outcome.SUCCESS, null, 40L * i, null, null));
    }
    assertEquals(760, hedging.delayMs("m/a", Tier.FAST), "p95 of 40..800 ms");
    hedging.quality.observe(
        "m/b", new AttemptResult(AttemptResult.Outcome.SUCCESS, null, 1L, null, null));
    assertEquals(200, hedging.delayMs("m/b", Tier.FAST), "too little history for m/b");
  }
}
