package com.cogniforge.gateway.reports;

import com.cogniforge.gateway.JsonDocuments;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link UsageReport} as the console's charts read it: USD to 6 decimals, success rates to 4,
 * health to 3.
 */
@JsonbPropertyOrder({
  "range",
  "from",
  "to",
  "bucketSeconds",
  "totals",
  "series",
  "spendByDay",
  "models",
  "keys"
})
public record UsageReportDocument(
    String range,
    Instant from,
    Instant to,
    long bucketSeconds,
    Totals totals,
    List<Point> series,
    List<Map<String, Object>> spendByDay,
    List<Model> models,
    List<Key> keys) {

  @JsonbPropertyOrder({"requests", "errors", "cacheHits", "costUsd", "ttftMs"})
  public record Totals(
      long requests, long errors, long cacheHits, BigDecimal costUsd, Percentiles ttftMs) {}

  @JsonbPropertyOrder({"t", "requests", "errors", "cacheHits", "ttftMs"})
  public record Point(Instant t, long requests, long errors, long cacheHits, Percentiles ttftMs) {}

  @JsonbPropertyOrder({"p50", "p95", "p99"})
  public record Percentiles(Long p50, Long p95, Long p99) {}

  @JsonbPropertyOrder({
    "model",
    "tier",
    "requests",
    "errors",
    "successRate",
    "ttftP50Ms",
    "ttftP95Ms",
    "ttftTargetMs",
    "health",
    "costUsd"
  })
  public record Model(
      String model,
      String tier,
      long requests,
      long errors,
      BigDecimal successRate,
      // The naming strategy writes ttft_p50ms; @JsonbProperty alone would drop a null.
      @JsonbNillable @JsonbProperty("ttft_p50_ms") Long ttftP50Ms,
      @JsonbNillable @JsonbProperty("ttft_p95_ms") Long ttftP95Ms,
      Long ttftTargetMs,
      BigDecimal health,
      BigDecimal costUsd) {}

  @JsonbPropertyOrder({"clientKeyId", "requests", "errors", "costUsd"})
  public record Key(Long clientKeyId, long requests, long errors, BigDecimal costUsd) {}

  static UsageReportDocument of(UsageReport r) {
    UsageReport.Totals t = r.totals();
    List<Point> series = new ArrayList<>();
    for (UsageReport.Bucket b : r.buckets()) {
      series.add(
          new Point(
              b.start(),
              b.requests(),
              b.errors(),
              b.cacheHits(),
              new Percentiles(b.p50(), b.p95(), b.p99())));
    }
    // One object per day: "day", then one member per tier.
    List<Map<String, Object>> spendByDay = new ArrayList<>();
    for (Map.Entry<LocalDate, Map<String, Double>> day : r.spendByDayAndTier().entrySet()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("day", day.getKey().toString());
      for (Map.Entry<String, Double> tier : day.getValue().entrySet()) {
        entry.put(tier.getKey(), usd(tier.getValue()));
      }
      spendByDay.add(entry);
    }
    List<Model> models = new ArrayList<>();
    for (UsageReport.ModelHealth m : r.models()) {
      models.add(
          new Model(
              m.model(),
              m.tier(),
              m.requests(),
              m.errors(),
              JsonDocuments.decimal(m.successRate(), 4),
              m.p50(),
              m.p95(),
              m.targetMs(),
              JsonDocuments.decimal(m.health(), 3),
              usd(m.costUsd())));
    }
    List<Key> keys = new ArrayList<>();
    for (UsageReport.KeyUsage k : r.keys()) {
      keys.add(new Key(k.clientKeyId(), k.requests(), k.errors(), usd(k.costUsd())));
    }
    return new UsageReportDocument(
        r.range().key(),
        r.from(),
        r.to(),
        r.range().bucket().toSeconds(),
        new Totals(
            t.requests(),
            t.errors(),
            t.cacheHits(),
            usd(t.costUsd()),
            new Percentiles(t.p50(), t.p95(), t.p99())),
        series,
        spendByDay,
        models,
        keys);
  }

  private static BigDecimal usd(double value) {
    return JsonDocuments.decimal(value, 6);
  }
}
