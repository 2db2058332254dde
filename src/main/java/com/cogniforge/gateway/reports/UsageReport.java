package com.cogniforge.gateway.reports;

import com.cogniforge.gateway.JsonDocuments;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
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
    return JsonDocuments.toJson(UsageReportDocument.of(this));
  }
}
