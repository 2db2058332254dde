package com.cogniforge.gateway.providers;

import java.util.Optional;
import java.util.function.Function;

/**
 * One way to call a model: the provider and its own name for the model.
 *
 * @param model the model id as clients and tier lists name it
 */
public record ProviderRoute(Provider provider, String model, String upstreamModel) {

  static ProviderRoute of(
      Provider provider, String model, Function<String, Optional<String>> nativeNames) {
    return new ProviderRoute(provider, model, provider.upstreamName(model, nativeNames));
  }

  /** The key of this route's circuit: provider and model. */
  String circuit() {
    return provider.name() + '\u0000' + model;
  }
}
