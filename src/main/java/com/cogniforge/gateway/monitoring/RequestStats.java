package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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

  /** This set's figures for the metrics document. */
  RequestFigures figures() {
    long requests = requests();
    long accepted = requests - outcomes.get(Outcome.REJECTED).sum();
    long ok = outcomes.get(Outcome.OK).sum();
    Map<String, Long> byOutcome = new LinkedHashMap<>();
    for (Map.Entry<Outcome, LongAdder> entry : outcomes.entrySet()) {
      byOutcome.put(entry.getKey().name().toLowerCase(Locale.ROOT), entry.getValue().sum());
    }
    long timedCount = timed.sum();
    return new RequestFigures(
        requests,
        ok,
        RequestFigures.rate(ok, accepted),
        byOutcome,
        RequestFigures.Ttft.of(ttft.percentiles()),
        timedCount == 0 ? null : JsonDocuments.decimal((double) totalMsSum.sum() / timedCount, 1));
  }
}
