package com.cogniforge.gateway.routing;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;

/**
 * Picks the tier and models of a request. An explicit model or {@code tier} is respected; with
 * {@code ENABLE_INTELLIGENT_ROUTING=true} and model {@code auto} (or none) the classifier's
 * complexity picks the cheapest tier that should answer well; otherwise FAST serves.
 */
@ApplicationScoped
public class Router {

  public static final String AUTO = "auto";

  /** Complexity from which each tier above NANO is chosen. */
  static final double FAST_FROM = 0.20;

  static final double SMART_FROM = 0.45;
  static final double GENIUS_FROM = 0.75;

  @Inject GatewaySettings settings;
  @Inject TierModels tiers;

  /** A router on the given settings, outside a container (unit tests, tools). */
  public static Router of(GatewaySettings settings) {
    Router router = new Router();
    router.settings = settings;
    router.tiers = TierModels.of(settings);
    return router;
  }

  /**
   * @param highest the most expensive tier the budget allows now: a routed request above it is
   *     downgraded (and says so); an explicitly named model is served as asked
   */
  public RouteDecision decide(ChatRequest request, String tierName, Tier highest) {
    String model = request.model();
    if (model != null && !model.equals(AUTO)) {
      if (!settings.configuredModels().contains(model)) {
        throw new ApiError(
            404,
            "model_not_found",
            "model '" + printable(model) + "' is not served here; GET /v1/models lists the models");
      }
      Tier tier = tiers.tierOf(model).orElse(null);
      List<String> chain = tier == null ? List.of(model) : tiers.chainFrom(tier, model, highest);
      return new RouteDecision(tier, chain, "model " + model + " requested", null);
    }
    if (tierName != null && !tierName.isBlank()) {
      Tier tier =
          Tier.parse(tierName)
              .orElseThrow(
                  () ->
                      ApiError.badRequest(
                          "invalid_tier", "tier must be one of NANO, FAST, SMART, GENIUS"));
      return onTier(tier, "tier " + tier + " requested", null, highest);
    }
    if (!settings.intelligentRouting()) {
      return onTier(Tier.FAST, "intelligent routing is off: FAST serves", null, highest);
    }
    Classification c = QueryClassifier.classify(request.messages());
    Tier tier = tierFor(c);
    return onTier(tier, explain(c, tier), c, highest);
  }

  /** The same request moved to {@code tier} (budget spent, NANO only). */
  public RouteDecision downgrade(RouteDecision route, Tier tier, String why) {
    return onTier(tier, route.reason() + "; " + why, route.classification(), tier);
  }

  static Tier tierFor(Classification c) {
    Tier tier =
        c.complexity() >= GENIUS_FROM
            ? Tier.GENIUS
            : c.complexity() >= SMART_FROM
                ? Tier.SMART
                : c.complexity() >= FAST_FROM ? Tier.FAST : Tier.NANO;
    // An urgent, not-so-hard request goes to a faster tier: speed is what was asked for.
    if (c.urgent() && tier.compareTo(Tier.SMART) >= 0 && c.complexity() < GENIUS_FROM) {
      tier = Tier.FAST;
    }
    return tier;
  }

  private RouteDecision onTier(Tier wanted, String reason, Classification c, Tier highest) {
    Tier tier = wanted.atMost(highest);
    if (tier != wanted) {
      reason +=
          "; budget low: tiers above " + tier + " paused, downgraded " + wanted + " -> " + tier;
    }
    List<String> models = tiers.modelsOf(tier);
    if (models.isEmpty()) {
      throw new ApiError(503, "tier_not_configured", "no model is configured for tier " + tier);
    }
    return new RouteDecision(tier, tiers.chainFrom(tier, models.get(0), highest), reason, c);
  }

  private static String explain(Classification c, Tier tier) {
    String signals = c.signals().isEmpty() ? "short plain prompt" : String.join(", ", c.signals());
    String urgent =
        c.urgent() && tier == Tier.FAST && c.complexity() >= SMART_FROM
            ? " (urgent: a faster tier)"
            : "";
    return String.format(
        Locale.ROOT,
        "complexity %.2f (%s; language %s) -> %s%s",
        c.complexity(),
        signals,
        c.language(),
        tier,
        urgent);
  }

  /** Echoes a client's model name safely: bounded length, no control characters. */
  private static String printable(String name) {
    String clean = name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 100 ? clean : clean.substring(0, 100) + "...";
  }
}
