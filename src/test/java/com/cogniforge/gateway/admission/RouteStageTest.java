package com.cogniforge.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.KeyLimits;
import com.cogniforge.gateway.resilience.AttemptResult;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.resilience.QualityPolicy;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteStageTest {

  private static final AttemptResult FAILED =
      new AttemptResult(AttemptResult.Outcome.FAILURE, "server_error", null, null, null);

  private GatewaySettings settings = Requests.settings(Map.of());
  private ModelCatalogue catalogue = ModelCatalogue.of("");
  private double spent;
  private boolean steering;
  private QualityMonitor quality;

  private RouteStage stage() {
    Router router = Router.of(settings);
    DailyBudget budget = Requests.budget(settings, spent);
    quality =
        quality != null
            ? quality
            : QualityMonitor.withPolicy(
                new QualityPolicy(Duration.ofMinutes(5), 0.5, 3, Duration.ofMinutes(5)),
                TierModels.of(settings));
    TierModels tiers = TierModels.of(settings, catalogue);
    return new RouteStage(
        router, new KeyPolicy(router, tiers), tiers, budget, quality, () -> steering);
  }

  /** NANO once the budget is spent, and no tier paused before that. */
  private static GatewaySettings nanoWhenSpent() {
    return Requests.settings(
        Map.of(
            Setting.BUDGET_EXHAUSTED_MODE, "nano",
            Setting.BUDGET_DOWNGRADE_THRESHOLDS, "GENIUS:0,SMART:0,FAST:0"));
  }

  private static ClientKey limitedTo(String... tiers) {
    return Requests.key(new KeyLimits(null, null, null, Set.of(tiers), Set.of(), null, Set.of()));
  }

  @Test
  void anUnknownModelIsRefusedWith404() {
    ApiError refused =
        assertThrows(
            ApiError.class, () -> stage().decide(Requests.input("x/unknown", null, null), null, 5));
    assertEquals(404, refused.status());
  }

  @Test
  void aRoutedRequestMovesDownToTheTierItsKeyAllows() {
    // intelligent routing is off: FAST serves a request that names neither model nor tier
    RouteDecision route = stage().decide(Requests.input(null, null, null), limitedTo("NANO"), 5);
    assertEquals(Tier.NANO, route.tier());
    assertTrue(route.reason().contains("API key limited"), route.reason());
  }

  @Test
  void aTierTheClientNamedButTheKeyMayNotUseIsRefused() {
    ApiError refused =
        assertThrows(
            ApiError.class,
            () -> stage().decide(Requests.input(null, "SMART", null), limitedTo("FAST"), 5));
    assertEquals("model_not_allowed", refused.code());
  }

  @Test
  void aNamedModelTheKeyMayNotUseIsRefused() {
    ApiError refused =
        assertThrows(
            ApiError.class,
            () -> stage().decide(Requests.input("g/1", null, null), limitedTo("NANO"), 5));
    assertEquals(403, refused.status());
  }

  @Test
  void aSpentBudgetInNanoModeRoutesToNanoAndSaysWhy() {
    settings = nanoWhenSpent();
    spent = 100; // all of the $100
    RouteDecision route = stage().decide(Requests.input(null, "FAST", null), null, 5);
    assertEquals(Tier.NANO, route.tier());
    assertEquals("n/1", route.model());
    assertTrue(route.reason().contains("budget spent: NANO only"), route.reason());
  }

  @Test
  void theBudgetDowngradeStillObeysTheKeysPolicy() {
    settings = nanoWhenSpent();
    spent = 100;
    ApiError refused =
        assertThrows(
            ApiError.class,
            () -> stage().decide(Requests.input(null, "FAST", null), limitedTo("FAST"), 5));
    assertEquals(403, refused.status(), "a FAST-only key is never served by NANO");
  }

  @Test
  void inRejectModeASpentBudgetKeepsTheRouteForTheReservationToRefuse() {
    spent = 100;
    RouteDecision route = stage().decide(Requests.input("f/1", null, null), null, 5);
    assertEquals("f/1", route.model());
  }

  @Test
  void openCircuitsAreSkippedOnlyWhileSteering() {
    stage();
    for (int i = 0; i < 3; i++) {
      quality.observe("f/1", FAILED);
    }
    RouteDecision plain = stage().decide(Requests.input(null, "FAST", null), null, 5);
    assertEquals("f/1", plain.model(), "hybrid off: no steering");

    steering = true;
    RouteDecision steered = stage().decide(Requests.input(null, "FAST", null), null, 5);
    assertEquals(List.of("f/2", "s/1", "g/1"), steered.models());
    assertTrue(steered.reason().contains("circuit open"), steered.reason());
  }

  /** f/1 text only, f/2 and s/1 tools and a JSON schema, g/1 everything; n/1 unlisted. */
  private static GatewaySettings capabilities() {
    return Requests.settings(
        Map.of(
            Setting.MODEL_CAPABILITIES,
            "f/1=;f/2=tools,json_schema;s/1=tools,json_schema;g/1=images,tools,json_schema"));
  }

  private static final String JSON_SCHEMA =
      "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}}";

  /** f/1 holds 1,000 tokens, f/2 and s/1 2,000, g/1 is not in the catalogue (no limit known). */
  private static ModelCatalogue windows() {
    return ModelCatalogue.of(
        String.join(
            "\n",
            "f/1\tf1\t1\t1\t1\t1\t1000\t500\t-",
            "f/2\tf2\t1\t1\t1\t1\t2000\t500\t-",
            "s/1\ts1\t1\t1\t1\t1\t2000\t500\t-"));
  }

  @Test
  void aRequestTooLongForTheTiersFirstModelMovesToOneOfTheTierThatFits() {
    catalogue = windows();
    RouteDecision route = stage().decide(Requests.input(null, "FAST", 500), null, 700);
    assertEquals(Tier.FAST, route.tier());
    assertEquals(List.of("f/2", "s/1", "g/1"), route.models(), "f/1 holds 1,000 < 1,200");
    assertTrue(route.reason().contains("needs a 1200-token context window"), route.reason());
  }

  @Test
  void whenNoModelOfTheTierFitsATierAboveServes() {
    catalogue = windows();
    RouteDecision route = stage().decide(Requests.input(null, "FAST", 500), null, 1600);
    assertEquals(Tier.GENIUS, route.tier());
    assertEquals(List.of("g/1"), route.models());
  }

  @Test
  void aNamedModelTooSmallForTheRequestIsRefusedBeforeAnyCall() {
    catalogue = windows();
    ApiError refused =
        assertThrows(
            ApiError.class, () -> stage().decide(Requests.input("f/1", null, 500), null, 700));
    assertEquals(400, refused.status());
    assertEquals("context_length_exceeded", refused.code());
    assertTrue(refused.getMessage().contains("1000 tokens"), refused.getMessage());
  }

  @Test
  void whenNoModelFitsTheRequestIsRefused() {
    catalogue =
        ModelCatalogue.of(
            "f/1\tf1\t1\t1\t1\t1\t1000\t500\t-\nf/2\tf2\t1\t1\t1\t1\t1000\t500\t-\n"
                + "s/1\ts1\t1\t1\t1\t1\t1000\t500\t-\ng/1\tg1\t1\t1\t1\t1\t1000\t500\t-");
    ApiError refused =
        assertThrows(
            ApiError.class, () -> stage().decide(Requests.input(null, "FAST", 500), null, 700));
    assertEquals("context_length_exceeded", refused.code());
  }

  @Test
  void theCataloguesCapabilitiesApplyUnlessTheOperatorListedTheModel() {
    catalogue = ModelCatalogue.of("f/1\tf1\t1\t1\t1\t1\t100000\t500\tjson_schema");
    TierModels tiers = TierModels.of(settings, catalogue);
    assertEquals(Set.of("json_schema"), tiers.capabilitiesOf("f/1"), "the catalogue's");
    assertEquals(
        Set.of("images", "tools", "json_schema", "reasoning"),
        tiers.capabilitiesOf("f/2"),
        "not in the catalogue: the * entry");
    settings = Requests.settings(Map.of(Setting.MODEL_CAPABILITIES, "f/1=tools;*=images"));
    tiers = TierModels.of(settings, catalogue);
    assertEquals(Set.of("tools"), tiers.capabilitiesOf("f/1"), "the operator's entry wins");
    assertEquals(
        Set.of("images", "tools", "json_schema"),
        tiers.capabilitiesOf("openai/gpt-4o-mini"),
        "a shipped entry");
  }

  @Test
  void modelsWithoutANeededCapabilityAreSkippedWithinTheTier() {
    settings = capabilities();
    RouteDecision route = stage().decide(Requests.rich(null, "FAST", false, JSON_SCHEMA), null, 5);
    assertEquals(Tier.FAST, route.tier());
    assertEquals(List.of("f/2", "s/1", "g/1"), route.models());
    assertTrue(route.reason().contains("needs [json_schema]"), route.reason());
  }

  @Test
  void whenNoModelOfTheTierCanTheNextTierUpServesAndSaysWhy() {
    settings = capabilities();
    RouteDecision route = stage().decide(Requests.rich(null, "FAST", true, "{}"), null, 5);
    assertEquals(Tier.GENIUS, route.tier());
    assertEquals(List.of("g/1"), route.models());
    assertTrue(route.reason().contains("no FAST model can, GENIUS serves"), route.reason());
  }

  @Test
  void aNamedModelWithoutANeededCapabilityIsRefused() {
    settings = capabilities();
    ApiError refused =
        assertThrows(
            ApiError.class,
            () -> stage().decide(Requests.rich("f/1", null, false, "{\"tools\":[]}"), null, 5));
    assertEquals(400, refused.status());
    assertEquals("capability_not_available", refused.code());
    assertTrue(refused.getMessage().contains("tools"), refused.getMessage());
  }

  @Test
  void aCapabilityNoModelHasIsRefused() {
    settings = capabilities();
    ApiError refused =
        assertThrows(
            ApiError.class,
            () ->
                stage()
                    .decide(
                        Requests.rich(null, "NANO", false, "{\"reasoning_effort\":\"low\"}"),
                        null,
                        5));
    assertEquals("capability_not_available", refused.code());
  }

  @Test
  void theCapabilityStepKeepsToTheKeysPolicy() {
    settings = capabilities();
    ApiError refused =
        assertThrows(
            ApiError.class,
            () -> stage().decide(Requests.rich(null, "FAST", true, "{}"), limitedTo("FAST"), 5));
    assertEquals("capability_not_available", refused.code(), "GENIUS is not this key's");
  }

  @Test
  void aModelNotListedDoesTextAndToolsAndByDefaultEveryModelDoesEverything() {
    settings = capabilities();
    RouteDecision tools =
        stage().decide(Requests.rich(null, "NANO", false, "{\"tools\":[]}"), null, 5);
    assertEquals("n/1", tools.model());

    settings = Requests.settings(Map.of());
    RouteDecision rich =
        stage()
            .decide(Requests.rich(null, "NANO", true, "{\"reasoning_effort\":\"high\"}"), null, 5);
    assertEquals("n/1", rich.model());
    assertTrue(!rich.reason().contains("needs"), rich.reason());
  }

  @Test
  void theTierThatServesIsTheOneAboveEvenForAModelAlsoListedBelow() {
    settings =
        Requests.settings(
            Map.of(Setting.SMART_MODEL, "s/1,n/1", Setting.MODEL_CAPABILITIES, "n/1=images"));
    RouteDecision route = stage().decide(Requests.rich(null, "FAST", true, "{}"), null, 5);
    assertEquals(List.of("n/1"), route.models());
    assertEquals(Tier.SMART, route.tier(), route.reason());
  }
}
