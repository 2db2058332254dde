package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.routing.Tier;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.util.Map;

/**
 * One served model's entry in the metrics document: its {@link RequestFigures}, or with its tier's
 * TTFT target as well ({@link TierFigures}) when the model belongs to a tier.
 */
public sealed interface ModelFigures permits RequestFigures, ModelFigures.TierFigures {

  /** A tier's model: its figures and whether its p95 TTFT keeps the tier's promise. */
  @JsonbPropertyOrder({
    "requests",
    "succeeded",
    "successRate",
    "outcomes",
    "ttftMs",
    "avgTotalMs",
    "tier",
    "ttftTargetMs",
    "withinTtftTarget"
  })
  record TierFigures(
      long requests,
      long succeeded,
      BigDecimal successRate,
      Map<String, Long> outcomes,
      RequestFigures.Ttft ttftMs,
      BigDecimal avgTotalMs,
      String tier,
      long ttftTargetMs,
      Boolean withinTtftTarget)
      implements ModelFigures {

    static TierFigures of(RequestFigures f, Tier tier) {
      Long p95 = f.ttftMs().p95();
      return new TierFigures(
          f.requests(),
          f.succeeded(),
          f.successRate(),
          f.outcomes(),
          f.ttftMs(),
          f.avgTotalMs(),
          tier.toString(),
          tier.ttftTargetMs(),
          p95 == null ? null : p95 <= tier.ttftTargetMs());
    }
  }
}
