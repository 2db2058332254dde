package com.cogniforge.gateway.resilience;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Watches every call to every model and keeps the router away from unhealthy ones: each model's
 * circuit opens when its health (see {@link ModelQuality#health}) falls below the threshold, and a
 * single real request probes it again after {@code CIRCUIT_OPEN_SECONDS}. Steering applies in
 * hybrid mode; the figures are kept always.
 */
@ApplicationScoped
public class QualityMonitor {

  private static final Logger LOG = Logger.getLogger(QualityMonitor.class.getName());

  @Inject TierModels tiers;

  @Inject
  @ConfigProperty(name = "QUALITY_WINDOW_SECONDS", defaultValue = "300")
  long windowSeconds;

  @Inject
  @ConfigProperty(name = "CIRCUIT_HEALTH_THRESHOLD", defaultValue = "0.5")
  double healthThreshold;

  @Inject
  @ConfigProperty(name = "CIRCUIT_MIN_REQUESTS", defaultValue = "5")
  int minRequests;

  @Inject
  @ConfigProperty(name = "CIRCUIT_OPEN_SECONDS", defaultValue = "30")
  long openSeconds;

  private QualityPolicy policy;
  private final Map<String, ModelQuality> models = new ConcurrentHashMap<>();

  @PostConstruct
  void configure() {
    policy =
        new QualityPolicy(
            Duration.ofSeconds(Math.max(1, windowSeconds)),
            healthThreshold,
            Math.max(1, minRequests),
            Duration.ofSeconds(Math.max(1, openSeconds)));
  }

  /** A monitor with the given policy, outside a container (unit tests). */
  public static QualityMonitor withPolicy(QualityPolicy policy, TierModels tiers) {
    QualityMonitor monitor = new QualityMonitor();
    monitor.policy = policy;
    monitor.tiers = tiers;
    return monitor;
  }

  /** Counts one finished call to {@code model}. */
  public void observe(String model, AttemptResult result) {
    CircuitState changed = quality(model).add(result, System.nanoTime(), policy);
    if (changed != null) {
      LOG.warning(
          () ->
              "model "
                  + model
                  + ": circuit "
                  + changed.name().toLowerCase(Locale.ROOT)
                  + (changed == CircuitState.OPEN
                      ? " (health below " + policy.healthThreshold() + "); skipped by the router"
                      : " after a successful probe"));
    }
  }

  /**
   * The route without models whose circuit is open. A model whose open time is over comes back for
   * one probe request when it is the route's first choice (its fallbacks stay behind it).
   *
   * @throws ApiError 503 when every model of the route is held out
   */
  public RouteDecision steer(RouteDecision route) {
    long now = System.nanoTime();
    List<String> kept = new ArrayList<>(route.models().size());
    List<String> skipped = new ArrayList<>();
    for (String model : route.models()) {
      ModelQuality quality = models.get(model);
      if (quality == null || quality.closed()) {
        kept.add(model);
      } else if (kept.isEmpty() && quality.tryProbe(now, policy)) {
        kept.add(model); // the probe: real traffic, with the healthy models as fallbacks
      } else {
        skipped.add(model);
      }
    }
    if (skipped.isEmpty()) {
      return route;
    }
    if (kept.isEmpty()) {
      long retry = models.get(skipped.get(0)).secondsUntilProbe(now, policy);
      throw new ApiError(
          503,
          "model_unavailable",
          "every model for this request is failing (circuit open): " + String.join(", ", skipped),
          retry);
    }
    return new RouteDecision(
        route.tier(),
        kept,
        route.reason() + "; skipped " + String.join(", ", skipped) + " (circuit open)",
        route.classification());
  }

  /** The model's p95 TTFT over the window, once it has {@code min} calls there. */
  public Optional<Long> ttftP95(String model, int min) {
    ModelQuality quality = models.get(model);
    return Optional.ofNullable(
        quality == null ? null : quality.ttftP95(min, System.nanoTime(), policy));
  }

  public CircuitState circuit(String model) {
    ModelQuality quality = models.get(model);
    return quality == null ? CircuitState.CLOSED : quality.state();
  }

  public List<ModelQuality.Snapshot> snapshots() {
    long now = System.nanoTime();
    List<ModelQuality.Snapshot> all = new ArrayList<>();
    for (ModelQuality quality : models.values()) {
      all.add(quality.snapshot(now, policy));
    }
    all.sort((a, b) -> a.model().compareTo(b.model()));
    return all;
  }

  public Optional<ModelQuality.Snapshot> snapshot(String model) {
    ModelQuality quality = models.get(model);
    return Optional.ofNullable(
        quality == null ? null : quality.snapshot(System.nanoTime(), policy));
  }

  private ModelQuality quality(String model) {
    return models.computeIfAbsent(
        model,
        name -> new ModelQuality(name, tiers.tierOf(name).map(Tier::ttftTargetMs).orElse(null)));
  }

  /** Every model's figures, for the metrics document. */
  public QualityFigures figures() {
    return QualityFigures.of(policy, snapshots());
  }
}
