package com.cogniforge.gateway.keys;

import java.util.Set;

/**
 * What one client key may do; a null (or empty set) means "no limit of its own" (the gateway's
 * budget and tiers still apply).
 *
 * @param dailyBudgetUsd USD per UTC day, counted toward the gateway's budget as well
 * @param requestsPerMinute requests admitted per minute (token bucket)
 * @param tokensPerMinute prompt and completion tokens per minute (token bucket)
 * @param allowedTiers the tiers it may be served from
 * @param allowedModels the models it may be served by
 * @param maxTokens the largest {@code max_tokens} it may ask for (and the default when it asks for
 *     none)
 * @param allowedOptions provider request fields that choose models or providers (OpenRouter's
 *     {@code models}, {@code provider}...) it may send, beyond those the operator allows for every
 *     key ({@code ALLOWED_PROVIDER_OPTIONS})
 */
public record KeyLimits(
    Double dailyBudgetUsd,
    Integer requestsPerMinute,
    Integer tokensPerMinute,
    Set<String> allowedTiers,
    Set<String> allowedModels,
    Integer maxTokens,
    Set<String> allowedOptions) {

  public static final KeyLimits NONE =
      new KeyLimits(null, null, null, Set.of(), Set.of(), null, Set.of());

  public KeyLimits {
    allowedTiers = allowedTiers == null ? Set.of() : Set.copyOf(allowedTiers);
    allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
    allowedOptions = allowedOptions == null ? Set.of() : Set.copyOf(allowedOptions);
  }

  public boolean allowsTier(String tier) {
    return allowedTiers.isEmpty() || allowedTiers.contains(tier);
  }

  public boolean allowsModel(String model) {
    return allowedModels.isEmpty() || allowedModels.contains(model);
  }
}
