package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.JsonDocuments;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;

/** The budget's {@link DailyBudget.Snapshot} as JSON documents show it (USD to 8 decimals). */
@JsonbPropertyOrder({
  "dailyUsd",
  "spentUsd",
  "reservedUsd",
  "remainingUsd",
  "highestTier",
  "resetsInSeconds"
})
public record BudgetFigures(
    double dailyUsd,
    BigDecimal spentUsd,
    BigDecimal reservedUsd,
    BigDecimal remainingUsd,
    String highestTier,
    long resetsInSeconds) {

  public static BudgetFigures of(DailyBudget.Snapshot s) {
    return new BudgetFigures(
        s.budgetUsd(),
        JsonDocuments.decimal(s.spentUsd(), 8),
        JsonDocuments.decimal(s.reservedUsd(), 8),
        JsonDocuments.decimal(s.remainingUsd(), 8),
        String.valueOf(s.highestTier()),
        s.resetsInSeconds());
  }
}
