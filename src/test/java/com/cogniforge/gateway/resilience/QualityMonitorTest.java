package com.cogniforge.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityMonitorTest {

  private static final AttemptResult OK =
      new AttemptResult(AttemptResult.Outcome.SUCCESS, null, 100L, 10.0, 100.0);
  private static final AttemptResult FAILED =
      new AttemptResult(AttemptResult.Outcome.FAILURE, "server_error", null, null, null);

  private final QualityPolicy policy =
      new QualityPolicy(Duration.ofMinutes(5), 0.5, 3, Duration.ofMillis(200));

  private QualityMonitor monitor() {
    TierModels tiers =
        TierModels.of(GatewaySettings.withValues(Map.of(Setting.SMART_MODEL, "m/a,m/b")));
    return QualityMonitor.withPolicy(policy, tiers);
  }

  private static RouteDecision smart() {
    return new RouteDecision(Tier.SMART, List.of("m/a", "m/b"), "tier SMART requested", null);
  }

  @Test
  void healthIsTheSuccessRateScaledByLatencyAgainstTheTarget() {
    assertEquals(1.0, ModelQuality.health(1.0, 900L, 1000L), 1e-9);
    assertEquals(0.75, ModelQuality.health(1.0, 2000L, 1000L), 1e-9);
    assertEquals(0.5, ModelQuality.health(1.0, 1_000_000L, 1000L), 1e-3);
    assertEquals(0.45, ModelQuality.health(0.6, 2000L, 1000L), 1e-9);
    assertEquals(0.8, ModelQuality.health(0.8, null, null), 1e-9);
  }

  @Test
  void slownessOpensTheCircuitOnlyWhenTheSuccessRateLeavesItNearTheThreshold() {
    for (long ttft : new long[] {500, 3000}) {
      ModelQuality model = new ModelQuality("m/a", 1000L);
      AttemptResult ok = new AttemptResult(AttemptResult.Outcome.SUCCESS, null, ttft, 10.0, 100.0);
      // 2 of 3 succeed: above the threshold of 0.5, below twice it
      for (AttemptResult r : List.of(ok, FAILED, ok)) {
        model.add(r, 0, policy);
      }
      // at 3 s against a 1 s target the health is 2/3 x (0.5 + 0.5 / 3) = 0.44
      assertEquals(
          ttft == 3000 ? CircuitState.OPEN : CircuitState.CLOSED, model.state(), ttft + " ms");
    }
    ModelQuality allOk = new ModelQuality("m/b", 1000L);
    AttemptResult slow = new AttemptResult(AttemptResult.Outcome.SUCCESS, null, 60_000L, 1.0, 1.0);
    for (int i = 0; i < 5; i++) {
      assertEquals(null, allOk.add(slow, 0, policy), "slowness alone never goes below 0.5");
    }
  }

  @Test
  void aHealthyRouteIsLeftAsItIs() {
    QualityMonitor monitor = monitor();
    monitor.observe("m/a", OK);
    RouteDecision route = smart();
    assertSame(route, monitor.steer(route));
  }

  @Test
  void failuresOpenTheCircuitOnlyAfterTheMinimumNumberOfCalls() {
    QualityMonitor monitor = monitor();
    monitor.observe("m/a", FAILED);
    monitor.observe("m/a", FAILED);
    assertEquals(CircuitState.CLOSED, monitor.circuit("m/a"), "two calls are not enough");
    monitor.observe("m/a", FAILED);
    assertEquals(CircuitState.OPEN, monitor.circuit("m/a"));

    RouteDecision steered = monitor.steer(smart());
    assertEquals(List.of("m/b"), steered.models());
    assertTrue(steered.reason().contains("skipped m/a (circuit open)"), steered.reason());
  }

  @Test
  void abandonedCallsDoNotCountAsFailures() {
    QualityMonitor monitor = monitor();
    for (int i = 0; i < 10; i++) {
      monitor.observe(
          "m/a", new AttemptResult(AttemptResult.Outcome.ABANDONED, null, 5_000L, null, null));
    }
    monitor.observe("m/a", OK);
    assertEquals(CircuitState.CLOSED, monitor.circuit("m/a"));
    assertEquals(1.0, monitor.snapshot("m/a").orElseThrow().successRate(), 1e-9);
  }

  @Test
  void afterTheOpenTimeOneRequestProbesAndItsResultClosesOrReopens() throws Exception {
    QualityMonitor monitor = monitor();
    for (int i = 0; i < 3; i++) {
      monitor.observe("m/a", FAILED);
    }
    Thread.sleep(250);
    RouteDecision probe = monitor.steer(smart());
    assertEquals(List.of("m/a", "m/b"), probe.models(), "the probe goes first, fallbacks behind");
    assertEquals(CircuitState.HALF_OPEN, monitor.circuit("m/a"));
    assertEquals(List.of("m/b"), monitor.steer(smart()).models(), "one probe at a time");

    monitor.observe("m/a", FAILED);
    assertEquals(CircuitState.OPEN, monitor.circuit("m/a"));
    assertEquals(2, monitor.snapshot("m/a").orElseThrow().circuitOpenings());

    Thread.sleep(250);
    monitor.steer(smart());
    monitor.observe("m/a", OK);
    assertEquals(CircuitState.CLOSED, monitor.circuit("m/a"));
    assertEquals(List.of("m/a", "m/b"), monitor.steer(smart()).models());
    assertEquals(1.0, monitor.snapshot("m/a").orElseThrow().successRate(), 1e-9, "clean slate");
  }

  @Test
  void whenEveryModelIsOutTheClientGetsA503WithRetryAfter() {
    QualityMonitor monitor = monitor();
    for (String model : List.of("m/a", "m/b")) {
      for (int i = 0; i < 3; i++) {
        monitor.observe(model, FAILED);
      }
    }
    ApiError error = assertThrows(ApiError.class, () -> monitor.steer(smart()));
    assertEquals(503, error.status());
    assertEquals("model_unavailable", error.code());
  }

  @Test
  void figuresCoverLatencyThroughputAndErrorsByKind() {
    QualityMonitor monitor = monitor();
    monitor.observe("m/a", OK);
    monitor.observe(
        "m/a", new AttemptResult(AttemptResult.Outcome.SUCCESS, null, 300L, 30.0, 50.0));
    monitor.observe("m/a", FAILED);
    ModelQuality.Snapshot s = monitor.snapshot("m/a").orElseThrow();
    assertEquals(2.0 / 3, s.successRate(), 1e-9);
    assertEquals(Map.of("server_error", 1), s.errorsByKind());
    assertEquals(100L, s.ttftP50Ms());
    assertEquals(300L, s.ttftP99Ms());
    assertEquals(30.0, s.interTokenP95Ms(), 1e-9);
    assertEquals(75.0, s.tokensPerSecond(), 1e-9);
    assertEquals(1000L, s.ttftTargetMs(), "SMART's target");
    String json = com.cogniforge.gateway.JsonDocuments.toJson(monitor.figures());
    assertTrue(json.contains("\"m/a\":{\"circuit\":\"closed\""), json);
  }
}
