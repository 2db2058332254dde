package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.routing.Classification;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Tier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The route explanation through JSON-B, as the hand-written JSON it replaced wrote it. */
class RouteExplanationTest {

  private static final DailyBudget.Snapshot MONEY =
      new DailyBudget.Snapshot(5.0, 0.00003, 0.0000001, Tier.SMART, 3600);
  private static final Classification SCORES =
      new Classification(
          0.41666, true, false, "code", "en", 42, List.of("code block", "why \"x\""));
  private static final String REST =
      "\"classification\":{\"complexity\":0.417,\"reasoning\":true,\"urgent\":false,"
          + "\"domain\":\"code\",\"language\":\"en\",\"prompt_tokens\":42,"
          + "\"signals\":[\"code block\",\"why \\\"x\\\"\"]},"
          + "\"budget\":{\"daily_usd\":5.0,\"spent_usd\":0.00003000,\"reserved_usd\":0.00000010,"
          + "\"remaining_usd\":4.99996990,\"highest_tier\":\"SMART\",\"resets_in_seconds\":3600}}";

  @Test
  void aTierDecisionListsItsFallbacksScoresAndBudget() {
    RouteDecision decision =
        new RouteDecision(
            Tier.SMART, List.of("m/a", "m/b", "m/c"), "complexity 0.42 -> SMART", SCORES);
    assertEquals(
        "{\"tier\":\"SMART\",\"model\":\"m/a\",\"fallbacks\":[\"m/b\",\"m/c\"],"
            + "\"reason\":\"complexity 0.42 -> SMART\","
            + REST,
        JsonDocuments.toJson(RouteExplanation.of(decision, SCORES, MONEY)));
  }

  @Test
  void aRequestedModelHasANullTierAndNoFallbacks() {
    RouteDecision decision = new RouteDecision(null, List.of("m/x"), "model m/x requested", null);
    assertEquals(
        "{\"tier\":null,\"model\":\"m/x\",\"fallbacks\":[],\"reason\":\"model m/x requested\","
            + REST,
        JsonDocuments.toJson(RouteExplanation.of(decision, SCORES, MONEY)));
  }
}
