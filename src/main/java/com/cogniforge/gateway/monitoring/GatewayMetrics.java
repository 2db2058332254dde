package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.usage.UsageRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
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

  public String toJson() {
    StringBuilder json =
        new StringBuilder(1024)
            .append("{\"since\":\"")
            .append(since)
            .append("\",\"open_streams\":")
            .append(openStreams.get())
            .append(',');
    all.appendJson(json);
    json.append(",\"models\":{");
    boolean first = true;
    for (Map.Entry<String, RequestStats> model : byModel.entrySet()) {
      JsonText.quote(json.append(first ? "" : ","), model.getKey()).append(":{");
      model.getValue().appendJson(json);
      Optional<Tier> tier = tiers.tierOf(model.getKey());
      if (tier.isPresent()) {
        // Health against the tier's promise: is the model's p95 TTFT within the tier's target?
        Long p95 = model.getValue().ttftPercentiles().p95();
        json.append(",\"tier\":\"")
            .append(tier.get())
            .append("\",\"ttft_target_ms\":")
            .append(tier.get().ttftTargetMs())
            .append(",\"within_ttft_target\":")
            .append(p95 == null ? "null" : String.valueOf(p95 <= tier.get().ttftTargetMs()));
      }
      json.append('}');
      first = false;
    }
    return json.append("}}").toString();
  }
}
