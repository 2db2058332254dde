package com.cogniforge.gateway.routing;

import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The ordered model list of each tier (first is primary, the rest fallbacks) and what each model
 * can do, from settings.
 */
@ApplicationScoped
public class TierModels {

  @Inject GatewaySettings settings;

  /** Tiers read from the given settings, outside a container (unit tests). */
  public static TierModels of(GatewaySettings settings) {
    TierModels tiers = new TierModels();
    tiers.settings = settings;
    return tiers;
  }

  public List<String> modelsOf(Tier tier) {
    return settings.tierModels(tier.name());
  }

  /** The cheapest tier that lists {@code model}, if any. */
  public Optional<Tier> tierOf(String model) {
    for (Tier tier : Tier.values()) {
      if (modelsOf(tier).contains(model)) {
        return Optional.of(tier);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code model} can do everything in {@code needed} ({@code MODEL_CAPABILITIES}). */
  public boolean supports(String model, Set<Capability> needed) {
    if (needed.isEmpty()) {
      return true;
    }
    Set<String> has = settings.modelCapabilities(model);
    for (Capability capability : needed) {
      if (!has.contains(capability.key())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The models to try, in order: from {@code first} on within its tier, then the tiers above (a
   * failing cheap model is replaced by a stronger one, never a weaker one), up to {@code highest}
   * (the budget's limit).
   */
  public List<String> chainFrom(Tier tier, String first, Tier highest) {
    List<String> chain = new ArrayList<>();
    chain.add(first);
    for (Tier t = tier; t != null && t.compareTo(highest) <= 0; t = t.up().orElse(null)) {
      for (String model : modelsOf(t)) {
        if (!chain.contains(model)) {
          chain.add(model);
        }
      }
    }
    return chain;
  }
}
