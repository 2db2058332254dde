package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.JsonDocuments;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The figures of a set of requests (all of them, or one model's without a tier) as the metrics
 * document shows them.
 *
 * @param successRate succeeded over requests that reached a provider, 4 decimals; null before any
 * @param outcomes requests per outcome, lower-case
 * @param avgTotalMs mean duration of the requests that reached a provider, 1 decimal
 */
@JsonbPropertyOrder({"requests", "succeeded", "successRate", "outcomes", "ttftMs", "avgTotalMs"})
public record RequestFigures(
    long requests,
    long succeeded,
    BigDecimal successRate,
    Map<String, Long> outcomes,
    Ttft ttftMs,
    BigDecimal avgTotalMs)
    implements ModelFigures {

  /** TTFT percentiles in ms over the latest requests; null when none produced a token. */
  @JsonbPropertyOrder({"p50", "p95", "p99", "samples"})
  public record Ttft(Long p50, Long p95, Long p99, int samples) {
    static Ttft of(LatencyWindow.Percentiles p) {
      return new Ttft(p.p50(), p.p95(), p.p99(), p.samples());
    }
  }

  static BigDecimal rate(long part, long whole) {
    return whole == 0 ? null : JsonDocuments.decimal((double) part / whole, 4);
  }
}
