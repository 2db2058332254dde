package com.cogniforge.gateway.routing;

import com.cogniforge.gateway.catalogue.CatalogueEntry;
import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The ordered model list of each tier (first is primary, the rest fallbacks) and what each model
 * can do, from settings.
 */
@ApplicationScoped
public class TierModels {

  @Inject GatewaySettings settings;
  @Inject ModelCatalogue catalogue;

  /** Tiers read from the given settings and the shipped catalogue, outside a container (tests). */
  public static TierModels of(GatewaySettings settings) {
    return of(settings, ModelCatalogue.of(""));
  }

  public static TierModels of(GatewaySettings settings, ModelCatalogue catalogue) {
    TierModels tiers = new TierModels();
    tiers.settings = settings;
    tiers.catalogue = catalogue;
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

  /**
   * What {@code model} can do beyond text: its own {@code MODEL_CAPABILITIES} entry, else the
   * catalogue's, else the {@code *} entry (the models the catalogue does not know), else tools.
   */
  public Set<String> capabilitiesOf(String model) {
    return settings
        .listedCapabilities(model)
        .or(() -> catalogue.find(model).map(CatalogueEntry::capabilities))
        .orElseGet(settings::defaultCapabilities);
  }

  /** The model's context window (prompt and completion together), when the catalogue knows it. */
  public OptionalInt contextWindow(String model) {
    return catalogue
        .find(model)
        .map(entry -> OptionalInt.of(entry.contextWindow()))
        .orElse(OptionalInt.empty());
  }

  /** Whether {@code model} can do everything in {@code needed}. */
  public boolean supports(String model, Set<Capability> needed) {
    if (needed.isEmpty()) {
      return true;
    }
    Set<String> has = capabilitiesOf(model);
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
