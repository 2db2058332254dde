package com.cogniforge.gateway.reports;

import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.usage.UsageRecorder;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

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

  public String todayJson() {
    recorder.catchUp();
    Instant from = LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
    List<Object[]> rows = usage.totalsByTier(from, Instant.now().plusSeconds(1));
    List<String> geniusModels = tiers.modelsOf(Tier.GENIUS);
    PriceTable.Price genius =
        geniusModels.isEmpty() ? new PriceTable.Price(0, 0) : prices.priceOf(geniusModels.get(0));
    StringBuilder json = new StringBuilder(600).append("{\"since\":\"").append(from).append("\"");
    double spent = 0;
    double onGenius = 0;
    json.append(",\"tiers\":{");
    boolean first = true;
    for (Object[] row : rows) {
      String tier = row[0] == null ? "none" : (String) row[0];
      long requests = ((Number) row[1]).longValue();
      long prompt = row[2] == null ? 0 : ((Number) row[2]).longValue();
      long completion = row[3] == null ? 0 : ((Number) row[3]).longValue();
      double cost = row[4] == null ? 0 : ((Number) row[4]).doubleValue();
      double geniusCost = genius.cost((int) prompt, (int) completion);
      spent += cost;
      onGenius += geniusCost;
      json.append(first ? "" : ",")
          .append('"')
          .append(tier)
          .append("\":{\"requests\":")
          .append(requests)
          .append(",\"prompt_tokens\":")
          .append(prompt)
          .append(",\"completion_tokens\":")
          .append(completion)
          .append(",\"spend_usd\":")
          .append(usd(cost))
          .append(",\"genius_equivalent_usd\":")
          .append(usd(geniusCost))
          .append('}');
      first = false;
    }
    return json.append("},\"spend_usd\":")
        .append(usd(spent))
        .append(",\"genius_equivalent_usd\":")
        .append(usd(onGenius))
        .append(",\"savings_usd\":")
        .append(usd(onGenius - spent))
        .append(",\"budget\":")
        .append(budget.snapshot().toJson())
        .append('}')
        .toString();
  }

  private static String usd(double value) {
    return String.format(Locale.ROOT, "%.8f", value);
  }
}
