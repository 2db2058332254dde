package com.cogniforge.gateway.resilience;

import com.cogniforge.gateway.JsonDocuments;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every model's quality as the metrics document shows it: one entry per model, by name. */
@JsonbPropertyOrder({"windowSeconds", "healthThreshold", "models"})
public record QualityFigures(
    long windowSeconds, double healthThreshold, Map<String, ModelFigures> models) {

  static QualityFigures of(QualityPolicy policy, List<ModelQuality.Snapshot> snapshots) {
    Map<String, ModelFigures> models = new LinkedHashMap<>();
    for (ModelQuality.Snapshot s : snapshots) {
      models.put(s.model(), ModelFigures.of(s));
    }
    return new QualityFigures(policy.window().toSeconds(), policy.healthThreshold(), models);
  }

  /** One model's window: health and ratios to 3 decimals, latencies in ms. */
  @JsonbPropertyOrder({
    "circuit",
    "health",
    "calls",
    "successRate",
    "errors",
    "ttftMs",
    "interTokenMs",
    "tokensPerSecond",
    "ttftTargetMs",
    "circuitOpenings",
    "probeInSeconds"
  })
  public record ModelFigures(
      String circuit,
      BigDecimal health,
      int calls,
      BigDecimal successRate,
      Map<String, Integer> errors,
      Percentiles<Long> ttftMs,
      Percentiles<BigDecimal> interTokenMs,
      BigDecimal tokensPerSecond,
      Long ttftTargetMs,
      long circuitOpenings,
      Long probeInSeconds) {

    static ModelFigures of(ModelQuality.Snapshot s) {
      return new ModelFigures(
          s.circuit().name().toLowerCase(Locale.ROOT),
          JsonDocuments.decimal(s.health(), 3),
          s.calls(),
          JsonDocuments.decimal(s.successRate(), 3),
          s.errorsByKind(),
          new Percentiles<>(s.ttftP50Ms(), s.ttftP95Ms(), s.ttftP99Ms()),
          new Percentiles<>(
              JsonDocuments.decimal(s.interTokenP50Ms(), 3),
              JsonDocuments.decimal(s.interTokenP95Ms(), 3),
              JsonDocuments.decimal(s.interTokenP99Ms(), 3)),
          JsonDocuments.decimal(s.tokensPerSecond(), 3),
          s.ttftTargetMs(),
          s.circuitOpenings(),
          s.secondsUntilProbe());
    }
  }

  @JsonbPropertyOrder({"p50", "p95", "p99"})
  public record Percentiles<T>(T p50, T p95, T p99) {}
}
