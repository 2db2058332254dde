package com.cogniforge.gateway.reports;

import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecorder;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a {@link UsageReport} from the usage records, reading them page by page so that memory
 * stays flat however many requests the range holds. Rejected requests (budget, validation) count as
 * requests but neither as errors nor in latency: the provider never saw them.
 */
@ApplicationScoped
public class Reports {

  private static final int PAGE = 5000;

  @Inject UsageStore store;
  @Inject UsageRecorder recorder;
  @Inject TierModels tiers;

  Clock clock = Clock.systemUTC();

  public UsageReport build(ReportRange range) {
    recorder.catchUp(); // include requests that finished a moment ago
    long bucketMillis = range.bucket().toMillis();
    Instant to = Instant.ofEpochMilli((clock.millis() / bucketMillis + 1) * bucketMillis);
    Instant from = to.minus(range.length());
    int bucketCount = (int) (range.length().toMillis() / bucketMillis);

    Series[] series = new Series[bucketCount];
    for (int i = 0; i < bucketCount; i++) {
      series[i] = new Series();
    }
    Series all = new Series();
    Map<String, Series> byModel = new TreeMap<>();
    Map<Long, Series> byKey = new TreeMap<>();
    Map<LocalDate, Map<String, Double>> spend = new TreeMap<>();
    long afterId = 0;
    List<Object[]> page;
    do {
      page = store.reportRows(from, to, afterId, PAGE);
      for (Object[] row : page) {
        afterId = (Long) row[0];
        Instant at = (Instant) row[1];
        String model = (String) row[2];
        String tier = (String) row[3];
        Outcome outcome = (Outcome) row[4];
        Long ttft = (Long) row[5];
        double cost = (Double) row[6];
        boolean cacheHit = (Boolean) row[7];
        Long clientKey = (Long) row[8];
        byKey
            .computeIfAbsent(clientKey == null ? 0L : clientKey, k -> new Series())
            .add(outcome, ttft, cost, cacheHit);
        int index = (int) ((at.toEpochMilli() - from.toEpochMilli()) / bucketMillis);
        series[Math.min(bucketCount - 1, Math.max(0, index))].add(outcome, ttft, cost, cacheHit);
        all.add(outcome, ttft, cost, cacheHit);
        if (model != null && !cacheHit) { // model health is about the provider's answers
          byModel.computeIfAbsent(model, m -> new Series()).add(outcome, ttft, cost, cacheHit);
        }
        if (cost > 0) {
          spend
              .computeIfAbsent(LocalDate.ofInstant(at, ZoneOffset.UTC), d -> new TreeMap<>())
              .merge(tier == null ? "—" : tier, cost, Double::sum);
        }
      }
    } while (page.size() == PAGE);

    List<UsageReport.Bucket> buckets = new ArrayList<>(bucketCount);
    for (int i = 0; i < bucketCount; i++) {
      buckets.add(series[i].bucket(from.plusMillis(i * bucketMillis)));
    }
    List<UsageReport.ModelHealth> models = new ArrayList<>();
    for (Map.Entry<String, Series> model : byModel.entrySet()) {
      Optional<Tier> tier = tiers.tierOf(model.getKey());
      Series s = model.getValue();
      models.add(
          new UsageReport.ModelHealth(
              model.getKey(),
              tier.map(Tier::name).orElse(null),
              s.requests,
              s.errors,
              s.ttft.percentile(0.50),
              s.ttft.percentile(0.95),
              tier.map(Tier::ttftTargetMs).orElse(null),
              s.costUsd));
    }
    models.sort(Comparator.comparingDouble(UsageReport.ModelHealth::health));
    UsageReport.Totals totals =
        new UsageReport.Totals(
            all.requests,
            all.errors,
            all.cacheHits,
            all.costUsd,
            all.ttft.percentile(0.50),
            all.ttft.percentile(0.95),
            all.ttft.percentile(0.99));
    List<UsageReport.KeyUsage> keys = new ArrayList<>();
    for (Map.Entry<Long, Series> key : byKey.entrySet()) {
      Series k = key.getValue();
      keys.add(
          new UsageReport.KeyUsage(
              key.getKey() == 0 ? null : key.getKey(), k.requests, k.errors, k.costUsd));
    }
    keys.sort(Comparator.comparingDouble(UsageReport.KeyUsage::costUsd).reversed());
    return new UsageReport(range, from, to, totals, buckets, spend, models, keys);
  }

  /** Running figures of a set of records. */
  private static final class Series {
    long requests;
    long errors;
    long cacheHits;
    double costUsd;
    final TtftHistogram ttft = new TtftHistogram();

    void add(Outcome outcome, Long ttftMs, double cost, boolean cacheHit) {
      requests++;
      if (outcome == Outcome.UPSTREAM_ERROR || outcome == Outcome.INTERRUPTED) {
        errors++;
      }
      if (cacheHit) {
        cacheHits++;
      }
      if (ttftMs != null) {
        ttft.add(ttftMs);
      }
      costUsd += cost;
    }

    UsageReport.Bucket bucket(Instant start) {
      return new UsageReport.Bucket(
          start,
          requests,
          errors,
          cacheHits,
          ttft.percentile(0.50),
          ttft.percentile(0.95),
          ttft.percentile(0.99));
    }
  }
}
