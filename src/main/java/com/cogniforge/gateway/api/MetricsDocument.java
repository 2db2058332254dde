package com.cogniforge.gateway.api;

import com.cogniforge.gateway.monitoring.GatewayMetrics;
import com.cogniforge.gateway.monitoring.ModelFigures;
import com.cogniforge.gateway.monitoring.RequestFigures;
import com.cogniforge.gateway.reports.SavingsReport;
import com.cogniforge.gateway.resilience.QualityFigures;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/stream/metrics}: the live figures overall (at the top level) and
 * per model, today's spend, the cache, each model's quality and the cluster.
 */
@JsonbPropertyOrder({
  "since",
  "openStreams",
  "requests",
  "succeeded",
  "successRate",
  "outcomes",
  "ttftMs",
  "avgTotalMs",
  "models",
  "today",
  "cache",
  "quality",
  "cluster"
})
public record MetricsDocument(
    Instant since,
    int openStreams,
    long requests,
    long succeeded,
    BigDecimal successRate,
    Map<String, Long> outcomes,
    RequestFigures.Ttft ttftMs,
    BigDecimal avgTotalMs,
    Map<String, ModelFigures> models,
    SavingsReport.Today today,
    Cache cache,
    QualityFigures quality,
    ClusterFigures cluster) {

  public record Cache(long entries) {}

  @JsonbPropertyOrder({"members", "description"})
  public record ClusterFigures(int members, String description) {}

  static MetricsDocument of(
      GatewayMetrics.Live live,
      SavingsReport.Today today,
      long cacheEntries,
      QualityFigures quality,
      ClusterFigures cluster) {
    RequestFigures all = live.all();
    return new MetricsDocument(
        live.since(),
        live.openStreams(),
        all.requests(),
        all.succeeded(),
        all.successRate(),
        all.outcomes(),
        all.ttftMs(),
        all.avgTotalMs(),
        live.models(),
        today,
        new Cache(cacheEntries),
        quality,
        cluster);
  }
}
