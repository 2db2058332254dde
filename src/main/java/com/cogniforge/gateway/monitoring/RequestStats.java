package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters and latency windows of a set of requests (all of them, or one model's). */
final class RequestStats {

  private static final int WINDOW = 4096;

  private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
  private final LatencyWindow ttft = new LatencyWindow(WINDOW);
  private final LongAdder totalMsSum = new LongAdder();
  private final LongAdder timed = new LongAdder();

  RequestStats() {
    for (Outcome outcome : Outcome.values()) {
      outcomes.put(outcome, new LongAdder());
    }
  }

  void add(UsageRecord record) {
    outcomes.get(record.outcome()).increment();
    if (record.ttftMs() != null) {
      ttft.add(record.ttftMs());
    }
    if (record.outcome() != Outcome.REJECTED) {
      totalMsSum.add(record.totalMs());
      timed.increment();
    }
  }

  long requests() {
    long requests = 0;
    for (LongAdder count : outcomes.values()) {
      requests += count.sum();
    }
    return requests;
  }

  /** Succeeded over requests that reached a provider; NaN before any did. */
  double successRate() {
    long accepted = requests() - outcomes.get(Outcome.REJECTED).sum();
    return accepted == 0 ? Double.NaN : (double) outcomes.get(Outcome.OK).sum() / accepted;
  }

  LatencyWindow.Percentiles ttftPercentiles() {
    return ttft.percentiles();
  }

  /** Appends this set's figures as JSON object members (no braces). */
  void appendJson(StringBuilder json) {
    long requests = 0;
    for (LongAdder count : outcomes.values()) {
      requests += count.sum();
    }
    long accepted = requests - outcomes.get(Outcome.REJECTED).sum();
    long ok = outcomes.get(Outcome.OK).sum();
    json.append("\"requests\":")
        .append(requests)
        .append(",\"succeeded\":")
        .append(ok)
        .append(",\"success_rate\":")
        .append(accepted == 0 ? "null" : String.format(Locale.ROOT, "%.4f", (double) ok / accepted))
        .append(",\"outcomes\":{");
    boolean first = true;
    for (Map.Entry<Outcome, LongAdder> entry : outcomes.entrySet()) {
      json.append(first ? "" : ",")
          .append('"')
          .append(entry.getKey().name().toLowerCase(Locale.ROOT))
          .append("\":")
          .append(entry.getValue().sum());
      first = false;
    }
    LatencyWindow.Percentiles p = ttft.percentiles();
    long timedCount = timed.sum();
    json.append("},\"ttft_ms\":{\"p50\":")
        .append(p.p50())
        .append(",\"p95\":")
        .append(p.p95())
        .append(",\"p99\":")
        .append(p.p99())
        .append(",\"samples\":")
        .append(p.samples())
        .append("},\"avg_total_ms\":")
        .append(
            timedCount == 0
                ? "null"
                : String.format(Locale.ROOT, "%.1f", (double) totalMsSum.sum() / timedCount));
  }
}
