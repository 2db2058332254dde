package com.cogniforge.gateway.admission;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a request inside its key's allowed tiers and models. A model or tier the client named that
 * the key may not use is refused (403); a routed request is moved down to the best tier the key
 * allows, and fallbacks the key may not use are dropped from its chain.
 */
final class KeyPolicy {

  private final Router router;
  private final TierModels tiers;

  KeyPolicy(Router router, TierModels tiers) {
    this.router = router;
    this.tiers = tiers;
  }

  RouteDecision restrict(RouteDecision route, ClientKey key, boolean explicit) {
    if (key == null
        || key.limits().allowedTiers().isEmpty() && key.limits().allowedModels().isEmpty()) {
      return route;
    }
    if (!allowed(route.model(), key)) {
      if (explicit || route.tier() == null) {
        throw refused(key, route);
      }
      Optional<Tier> lower = highestAllowedUpTo(route.tier(), key);
      if (lower.isEmpty()) {
        throw refused(key, route);
      }
      route =
          router.downgrade(route, lower.get(), "API key limited to " + key.limits().allowedTiers());
    }
    List<String> models = new ArrayList<>();
    for (String model : route.models()) {
      if (allowed(model, key)) {
        models.add(model);
      }
    }
    if (models.isEmpty()) {
      throw refused(key, route);
    }
    return new RouteDecision(route.tier(), models, route.reason(), route.classification());
  }

  private boolean allowed(String model, ClientKey key) {
    if (!key.limits().allowsModel(model)) {
      return false;
    }
    if (key.limits().allowedTiers().isEmpty()) {
      return true;
    }
    return tiers.tierOf(model).map(t -> key.limits().allowsTier(t.name())).orElse(false);
  }

  private Optional<Tier> highestAllowedUpTo(Tier wanted, ClientKey key) {
    for (Tier tier = wanted; tier != null; tier = tier.down().orElse(null)) {
      if (key.limits().allowsTier(tier.name())
          && tiers.modelsOf(tier).stream().anyMatch(m -> allowed(m, key))) {
        return Optional.of(tier);
      }
    }
    return Optional.empty();
  }

  private static ApiError refused(ClientKey key, RouteDecision route) {
    return new ApiError(
        403,
        "model_not_allowed",
        "this API key may not use "
            + (route.tier() != null
                ? "tier " + route.tier() + " (" + route.model() + ")"
                : route.model())
            + "; it is limited to "
            + (key.limits().allowedTiers().isEmpty()
                ? "models " + key.limits().allowedModels()
                : "tiers " + key.limits().allowedTiers()));
  }
}
