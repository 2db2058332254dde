package com.cogniforge.gateway.reports;

import com.cogniforge.gateway.JsonText;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the usage records of a time range say: totals, a time series (requests, errors, cache hits,
 * TTFT percentiles per bucket), spend per tier per day, each model's health, and each client key's
 * requests and spend. Built by {@link Reports}; rendered by the console as tables and, through
 * {@link #toJson}, as charts.
 */
public record UsageReport(
    ReportRange range,
    Instant from,
    Instant to,
    Totals totals,
    List<Bucket> buckets,
    Map<LocalDate, Map<String, Double>> spendByDayAndTier,
    List<ModelHealth> models,
    List<KeyUsage> keys) {

  /** What one client key (null: anonymous calls) did in the range. */
  public record KeyUsage(Long clientKeyId, long requests, long errors, double costUsd) {}

  /** Figures over the whole range. Percentiles are null when no request produced a token. */
  public record Totals(
      long requests, long errors, long cacheHits, double costUsd, Long p50, Long p95, Long p99) {
    public Double errorRate() {
      return requests == 0 ? null : (double) errors / requests;
    }

    public Double cacheHitRate() {
      return requests == 0 ? null : (double) cacheHits / requests;
    }
  }

  /** One point of the time series. */
  public record Bucket(
      Instant start, long requests, long errors, long cacheHits, Long p50, Long p95, Long p99) {}

  /**
   * One served model: how often it answered, how fast, and a health score from 0 to 1: its success
   * rate, lowered by how far its p95 TTFT exceeds its tier's target (half the target's excess ratio
   * at most), so that a model that fails or crawls stands out.
   */
  public record ModelHealth(
      String model,
      String tier,
      long requests,
      long errors,
      Long p50,
      Long p95,
      Long targetMs,
      double costUsd) {

    public double successRate() {
      return requests == 0 ? 1 : (double) (requests - errors) / requests;
    }

    public Boolean withinTarget() {
      return p95 == null || targetMs == null ? null : p95 <= targetMs;
    }

    public double health() {
      double latency = 1;
      if (p95 != null && targetMs != null && p95 > targetMs) {
        latency = Math.max(0.5, (double) targetMs / p95);
      }
      return successRate() * latency;
    }
  }

  public String toJson() {
    StringBuilder json =
        new StringBuilder(4096)
            .append("{\"range\":\"")
            .append(range.key())
            .append("\",\"from\":\"")
            .append(from)
            .append("\",\"to\":\"")
            .append(to)
            .append("\",\"bucket_seconds\":")
            .append(range.bucket().toSeconds())
            .append(",\"totals\":{\"requests\":")
            .append(totals.requests())
            .append(",\"errors\":")
            .append(totals.errors())
            .append(",\"cache_hits\":")
            .append(totals.cacheHits())
            .append(",\"cost_usd\":")
            .append(decimal(totals.costUsd()))
            .append(",\"ttft_ms\":");
    percentiles(json, totals.p50(), totals.p95(), totals.p99()).append("},\"series\":[");
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"t\":\"")
          .append(b.start())
          .append("\",\"requests\":")
          .append(b.requests())
          .append(",\"errors\":")
          .append(b.errors())
          .append(",\"cache_hits\":")
          .append(b.cacheHits())
          .append(",\"ttft_ms\":");
      percentiles(json, b.p50(), b.p95(), b.p99()).append('}');
    }
    json.append("],\"spend_by_day\":[");
    boolean firstDay = true;
    for (Map.Entry<LocalDate, Map<String, Double>> day : spendByDayAndTier.entrySet()) {
      json.append(firstDay ? "" : ",").append("{\"day\":\"").append(day.getKey()).append('"');
      for (Map.Entry<String, Double> tier : day.getValue().entrySet()) {
        JsonText.quote(json.append(','), tier.getKey())
            .append(':')
            .append(decimal(tier.getValue()));
      }
      json.append('}');
      firstDay = false;
    }
    json.append("],\"models\":[");
    for (int i = 0; i < models.size(); i++) {
      ModelHealth m = models.get(i);
      JsonText.quote(json.append(i == 0 ? "" : ",").append("{\"model\":"), m.model())
          .append(",\"tier\":");
      JsonText.quoteOrNull(json, m.tier())
          .append(",\"requests\":")
          .append(m.requests())
          .append(",\"errors\":")
          .append(m.errors())
          .append(",\"success_rate\":")
          .append(String.format(Locale.ROOT, "%.4f", m.successRate()))
          .append(",\"ttft_p50_ms\":")
          .append(m.p50())
          .append(",\"ttft_p95_ms\":")
          .append(m.p95())
          .append(",\"ttft_target_ms\":")
          .append(m.targetMs())
          .append(",\"health\":")
          .append(String.format(Locale.ROOT, "%.3f", m.health()))
          .append(",\"cost_usd\":")
          .append(decimal(m.costUsd()))
          .append('}');
    }
    json.append("],\"keys\":[");
    for (int i = 0; i < keys.size(); i++) {
      KeyUsage k = keys.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"client_key_id\":")
          .append(k.clientKeyId())
          .append(",\"requests\":")
          .append(k.requests())
          .append(",\"errors\":")
          .append(k.errors())
          .append(",\"cost_usd\":")
          .append(decimal(k.costUsd()))
          .append('}');
    }
    return json.append("]}").toString();
  }

  private static StringBuilder percentiles(StringBuilder json, Long p50, Long p95, Long p99) {
    return json.append("{\"p50\":")
        .append(p50)
        .append(",\"p95\":")
        .append(p95)
        .append(",\"p99\":")
        .append(p99)
        .append('}');
  }

  private static String decimal(double value) {
    return String.format(Locale.ROOT, "%.6f", value);
  }
}
