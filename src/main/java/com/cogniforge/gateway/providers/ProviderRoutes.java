package com.cogniforge.gateway.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which providers serve each model, for one request: the configured providers that list it (in
 * {@code PROVIDERS} order, healthy circuits first), else the default provider ({@code LLM_BASE_URL}
 * or the simulated one), which serves any model no configured provider lists.
 */
public final class ProviderRoutes {

  private final List<Provider> configured;
  private final Provider fallback; // null: no default provider
  private final ProviderHealth health;
  private final Function<String, Optional<String>> nativeNames;

  ProviderRoutes(
      List<Provider> configured,
      Provider fallback,
      ProviderHealth health,
      Function<String, Optional<String>> nativeNames) {
    this.configured = configured;
    this.fallback = fallback;
    this.health = health;
    this.nativeNames = nativeNames;
  }

  /** Routes over the given providers, with circuits of their own (tests, the console's probe). */
  public static ProviderRoutes of(List<Provider> configured, Provider fallback) {
    return new ProviderRoutes(
        List.copyOf(configured),
        fallback,
        new ProviderHealth(System::nanoTime),
        id -> Optional.empty());
  }

  /** The routes of {@code model} in the order to try them; empty when no provider serves it. */
  public List<ProviderRoute> forModel(String model) {
    List<ProviderRoute> routes = new ArrayList<>(2);
    for (Provider provider : configured) {
      if (provider.serves(model)) {
        routes.add(ProviderRoute.of(provider, model, nativeNames));
      }
    }
    if (routes.isEmpty()) {
      return fallback == null ? List.of() : List.of(ProviderRoute.of(fallback, model, nativeNames));
    }
    return health.ordered(routes);
  }

  /** Whether some provider serves {@code model}. */
  public boolean serves(String model) {
    if (fallback != null) {
      return true;
    }
    for (Provider provider : configured) {
      if (provider.serves(model)) {
        return true;
      }
    }
    return false;
  }

  /** The provider a call to {@code model} goes to first, or {@code null}. */
  public String firstProvider(String model) {
    List<ProviderRoute> routes = forModel(model);
    return routes.isEmpty() ? null : routes.get(0).provider().name();
  }
}
