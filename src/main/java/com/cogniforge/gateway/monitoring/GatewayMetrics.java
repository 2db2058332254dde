package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.usage.UsageRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live request figures since start: overall and per served model. Fed with the same usage records
 * that go to the database, so the metrics and the records never disagree on what happened.
 */
@ApplicationScoped
public class GatewayMetrics {

  @Inject TierModels tiers;

  private final Instant since = Instant.now();
  private final RequestStats all = new RequestStats();
  private final Map<String, RequestStats> byModel = new ConcurrentHashMap<>();
  private final AtomicInteger openStreams = new AtomicInteger();

  /** Metrics outside a container (unit tests). */
  public static GatewayMetrics withTiers(TierModels tiers) {
    GatewayMetrics metrics = new GatewayMetrics();
    metrics.tiers = tiers;
    return metrics;
  }

  public void streamOpened() {
    openStreams.incrementAndGet();
  }

  public void streamClosed() {
    openStreams.decrementAndGet();
  }

  public int openStreams() {
    return openStreams.get();
  }

  public void record(UsageRecord record) {
    all.add(record);
    // A cache hit says nothing about the model's health: its figures are the provider's only.
    if (record.servedModel() != null && !record.cacheHit()) {
      byModel.computeIfAbsent(record.servedModel(), model -> new RequestStats()).add(record);
    }
  }

  public long modelRequests(String model) {
    RequestStats stats = byModel.get(model);
    return stats == null ? 0 : stats.requests();
  }

  public double modelSuccessRate(String model) {
    RequestStats stats = byModel.get(model);
    return stats == null ? Double.NaN : stats.successRate();
  }

  /** The model's TTFT percentile (50, 95 or 99) in ms over its latest requests; NaN if none. */
  public double modelTtft(String model, int percentile) {
    RequestStats stats = byModel.get(model);
    if (stats == null) {
      return Double.NaN;
    }
    LatencyWindow.Percentiles p = stats.ttftPercentiles();
    Long value = percentile == 50 ? p.p50() : percentile == 95 ? p.p95() : p.p99();
    return value == null ? Double.NaN : value;
  }

  /** The live figures now: overall and per served model. */
  public Live live() {
    Map<String, ModelFigures> models = new LinkedHashMap<>();
    for (Map.Entry<String, RequestStats> model : byModel.entrySet()) {
      RequestFigures figures = model.getValue().figures();
      Optional<Tier> tier = tiers.tierOf(model.getKey());
      // Health against the tier's promise: is the model's p95 TTFT within the tier's target?
      models.put(
          model.getKey(),
          tier.isPresent() ? ModelFigures.TierFigures.of(figures, tier.get()) : figures);
    }
    return new Live(since, openStreams.get(), all.figures(), models);
  }

  /** Live figures since {@code since}, overall and per served model. */
  public record Live(
      Instant since, int openStreams, RequestFigures all, Map<String, ModelFigures> models) {}
}
