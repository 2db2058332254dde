package com.cogniforge.gateway.reports;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.budget.BudgetFigures;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.usage.UsageRecorder;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per tier, from today's usage records: requests, tokens, spend, and what the same tokens would
 * have cost on the GENIUS tier's primary model. The difference is what routing saved.
 */
@ApplicationScoped
public class SavingsReport {

  @Inject UsageStore usage;
  @Inject UsageRecorder recorder;
  @Inject PriceTable prices;
  @Inject TierModels tiers;
  @Inject DailyBudget budget;

  /** Today's spend and savings per tier, from the usage records. */
  public Today today() {
    recorder.catchUp();
    Instant from = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
    List<Object[]> rows = usage.totalsByTier(from, Instant.now().plusSeconds(1));
    List<String> geniusModels = tiers.modelsOf(Tier.GENIUS);
    PriceTable.Price genius =
        geniusModels.isEmpty() ? new PriceTable.Price(0, 0) : prices.priceOf(geniusModels.get(0));
    double spent = 0;
    double onGenius = 0;
    Map<String, TierSpend> byTier = new LinkedHashMap<>();
    for (Object[] row : rows) {
      String tier = row[0] == null ? "none" : (String) row[0];
      long requests = ((Number) row[1]).longValue();
      long prompt = row[2] == null ? 0 : ((Number) row[2]).longValue();
      long completion = row[3] == null ? 0 : ((Number) row[3]).longValue();
      double cost = row[4] == null ? 0 : ((Number) row[4]).doubleValue();
      double geniusCost = genius.cost((int) prompt, (int) completion);
      spent += cost;
      onGenius += geniusCost;
      byTier.put(tier, new TierSpend(requests, prompt, completion, usd(cost), usd(geniusCost)));
    }
    return new Today(
        from,
        byTier,
        usd(spent),
        usd(onGenius),
        usd(onGenius - spent),
        BudgetFigures.of(budget.snapshot()));
  }

  /** Today's figures: per tier, in total, and the budget. */
  @JsonbPropertyOrder({"since", "tiers", "spendUsd", "geniusEquivalentUsd", "savingsUsd", "budget"})
  public record Today(
      Instant since,
      Map<String, TierSpend> tiers,
      BigDecimal spendUsd,
      BigDecimal geniusEquivalentUsd,
      BigDecimal savingsUsd,
      BudgetFigures budget) {}

  /** One tier's requests, tokens and spend today, and their cost on the GENIUS tier. */
  @JsonbPropertyOrder({
    "requests",
    "promptTokens",
    "completionTokens",
    "spendUsd",
    "geniusEquivalentUsd"
  })
  public record TierSpend(
      long requests,
      long promptTokens,
      long completionTokens,
      BigDecimal spendUsd,
      BigDecimal geniusEquivalentUsd) {}

  private static BigDecimal usd(double value) {
    return JsonDocuments.decimal(value, 8);
  }
}
