package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.budget.BudgetFigures;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.routing.Classification;
import com.cogniforge.gateway.routing.RouteDecision;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.util.List;

/** The answer of {@code /api/v1/route}: the decision, the classifier's scores and the budget. */
@JsonbPropertyOrder({"tier", "model", "fallbacks", "reason", "classification", "budget"})
public record RouteExplanation(
    String tier,
    String model,
    List<String> fallbacks,
    String reason,
    Scores classification,
    BudgetFigures budget) {

  /** The classifier's view of the prompt; complexity to 3 decimals. */
  @JsonbPropertyOrder({
    "complexity",
    "reasoning",
    "urgent",
    "domain",
    "language",
    "promptTokens",
    "signals"
  })
  public record Scores(
      BigDecimal complexity,
      boolean reasoning,
      boolean urgent,
      String domain,
      String language,
      int promptTokens,
      List<String> signals) {}

  static RouteExplanation of(
      RouteDecision decision, Classification c, DailyBudget.Snapshot budget) {
    List<String> models = decision.models();
    return new RouteExplanation(
        decision.tier() == null ? null : decision.tier().toString(),
        decision.model(),
        models.subList(1, models.size()),
        decision.reason(),
        new Scores(
            JsonDocuments.decimal(c.complexity(), 3),
            c.reasoning(),
            c.urgent(),
            String.valueOf(c.domain()),
            String.valueOf(c.language()),
            c.promptTokens(),
            c.signals()),
        BudgetFigures.of(budget));
  }
}
