package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.routing.Capability;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The one place that decides who serves a request, and says why. Each step can only narrow what the
 * one before chose, and appends its reason:
 *
 * <ol>
 *   <li>the router: the named model or tier, or the tier the classifier picks, capped at the
 *       highest tier the remaining budget allows;
 *   <li>the client key's policy: tiers and models it may use;
 *   <li>the budget: when the worst case no longer fits and {@code BUDGET_EXHAUSTED_MODE=nano}, NANO
 *       serves (still within the key's policy);
 *   <li>capabilities: models that cannot do what the request needs (images, tools, a JSON schema,
 *       reasoning; {@code MODEL_CAPABILITIES}) are dropped, so a tier above may serve; a named
 *       model that cannot, or no model at all, is refused (400 {@code capability_not_available});
 *   <li>context windows: models whose window (model catalogue) cannot hold the estimated prompt and
 *       the completion cap are dropped, so a tier above may serve; a named model that cannot, or no
 *       model at all, is refused (400 {@code context_length_exceeded}) before any call;
 *   <li>the circuits (hybrid mode): models whose circuit is open are skipped.
 * </ol>
 */
final class RouteStage {

  private final Router router;
  private final KeyPolicy keys;
  private final TierModels tiers;
  private final DailyBudget budget;
  private final QualityMonitor quality;
  private final BooleanSupplier steering;

  /**
   * @param steering whether circuits steer routes now (hybrid streaming)
   */
  RouteStage(
      Router router,
      KeyPolicy keys,
      TierModels tiers,
      DailyBudget budget,
      QualityMonitor quality,
      BooleanSupplier steering) {
    this.router = router;
    this.keys = keys;
    this.tiers = tiers;
    this.budget = budget;
    this.quality = quality;
    this.steering = steering;
  }

  RouteDecision decide(ChatInput input, ClientKey key, int promptTokens) {
    boolean explicit = input.tier() != null || input.explicitModel();
    RouteDecision route =
        keys.restrict(
            router.decide(input.request(), input.tier(), budget.highestTier()), key, explicit);
    if (route.tier() != Tier.NANO
        && budget.nanoWhenExhausted()
        && !budget.couldCover(
            budget.worstCase(route.model(), promptTokens, input.request().maxTokens()))) {
      route =
          keys.restrict(router.downgrade(route, Tier.NANO, "budget spent: NANO only"), key, false);
    }
    route = capable(route, Capability.neededBy(input.request()), input.explicitModel());
    Integer cap = input.request().maxTokens();
    route =
        fitting(
            route,
            promptTokens + (cap != null ? cap : budget.defaultMaxTokens()),
            input.explicitModel());
    return steering.getAsBoolean() ? quality.steer(route) : route;
  }

  /** The route without the models whose context window is smaller than {@code tokens}. */
  private RouteDecision fitting(RouteDecision route, int tokens, boolean explicit) {
    List<String> kept = new ArrayList<>(route.models().size());
    for (String model : route.models()) {
      OptionalInt window = tiers.contextWindow(model);
      if (window.isEmpty() || window.getAsInt() >= tokens) {
        kept.add(model);
      } else if (explicit && kept.isEmpty()) {
        throw tooLong(model + "'s context window is " + window.getAsInt() + " tokens", tokens);
      }
    }
    if (kept.size() == route.models().size()) {
      return route;
    }
    if (kept.isEmpty()) {
      throw tooLong("no model available to this request has a window that large", tokens);
    }
    return narrowed(route, kept, "needs a " + tokens + "-token context window");
  }

  private static ApiError tooLong(String why, int tokens) {
    return ApiError.badRequest(
        "context_length_exceeded",
        why
            + "; this request needs about "
            + tokens
            + " (the prompt as estimated and the completion cap): shorten the messages or lower"
            + " max_tokens");
  }

  /**
   * The route without the models that lack a needed capability. The chain already holds the tiers
   * above the route's (within the key's policy and the budget), so when no model of the tier can
   * serve, the first capable one above does, and the reason says so.
   */
  private RouteDecision capable(RouteDecision route, Set<Capability> needed, boolean explicit) {
    if (needed.isEmpty()) {
      return route;
    }
    if (explicit && !tiers.supports(route.model(), needed)) {
      throw notAvailable("model " + route.model() + " cannot", needed);
    }
    List<String> kept = new ArrayList<>(route.models().size());
    for (String model : route.models()) {
      if (tiers.supports(model, needed)) {
        kept.add(model);
      }
    }
    if (kept.size() == route.models().size()) {
      return route;
    }
    if (kept.isEmpty()) {
      throw notAvailable("no model available to this request can", needed);
    }
    String names = needed.stream().map(Capability::key).sorted().toList().toString();
    return narrowed(route, kept, "needs " + names);
  }

  /**
   * The route down to {@code kept}, with a reason saying what the request needs and, when no model
   * of its tier had it, which tier above serves.
   */
  private RouteDecision narrowed(RouteDecision route, List<String> kept, String need) {
    Tier tier = route.tier();
    String reason = route.reason() + "; " + need;
    if (tier != null && !tiers.modelsOf(tier).contains(kept.get(0))) {
      Tier above = tier;
      while (!tiers.modelsOf(above).contains(kept.get(0)) && above.up().isPresent()) {
        above = above.up().get(); // the chain only climbs: the first tier above that lists it
      }
      reason += ": no " + tier + " model can, " + above + " serves";
      tier = above;
    } else {
      reason += ": skipped the models that cannot";
    }
    return new RouteDecision(tier, kept, reason, route.classification());
  }

  private static ApiError notAvailable(String who, Set<Capability> needed) {
    return ApiError.badRequest(
        "capability_not_available",
        who
            + " serve this request: it needs "
            + String.join(", ", needed.stream().map(Capability::key).sorted().toList())
            + " (MODEL_CAPABILITIES)");
  }
}
