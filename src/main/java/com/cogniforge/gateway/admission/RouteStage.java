package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.routing.Tier;
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
 *   <li>the circuits (hybrid mode): models whose circuit is open are skipped.
 * </ol>
 */
final class RouteStage {

  private final Router router;
  private final KeyPolicy keys;
  private final DailyBudget budget;
  private final QualityMonitor quality;
  private final BooleanSupplier steering;

  /**
   * @param steering whether circuits steer routes now (hybrid streaming)
   */
  RouteStage(
      Router router,
      KeyPolicy keys,
      DailyBudget budget,
      QualityMonitor quality,
      BooleanSupplier steering) {
    this.router = router;
    this.keys = keys;
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
    return steering.getAsBoolean() ? quality.steer(route) : route;
  }
}
