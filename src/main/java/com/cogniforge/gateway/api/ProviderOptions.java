package com.cogniforge.gateway.api;

import com.cogniforge.gateway.relay.RequestInfo;
import com.cogniforge.gateway.settings.GatewaySettings;
import java.util.HashSet;
import java.util.Set;

/**
 * Which request fields that choose models or providers behind the router's back (OpenRouter's
 * {@code models}, {@code provider}...) a request may send: those the operator allows for every key
 * ({@code ALLOWED_PROVIDER_OPTIONS}) and those its own key allows.
 */
final class ProviderOptions {

  private ProviderOptions() {}

  static Set<String> allowed(GatewaySettings settings, RequestInfo info) {
    Set<String> everyKey = settings.allowedProviderOptions();
    if (info.clientKey() == null || info.clientKey().limits().allowedOptions().isEmpty()) {
      return everyKey;
    }
    Set<String> allowed = new HashSet<>(everyKey);
    allowed.addAll(info.clientKey().limits().allowedOptions());
    return allowed;
  }
}
