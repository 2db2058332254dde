package com.cogniforge.gateway.providers;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One provider the gateway may call: where it is, how to authenticate, which models it serves and
 * how long to wait for it.
 *
 * @param name the operator's name for it ({@code alpha}, {@code claude}); also what records and the
 *     {@code meta} event say served
 * @param kind its wire format
 * @param baseUrl as that provider's official SDK takes it (OpenAI-compatible: with {@code /v1})
 * @param apiKey its key, if it needs one; never logged or shown ({@link #toString()} hides it)
 * @param headers extra headers sent with every call (OpenRouter's {@code HTTP-Referer}, an Azure
 *     {@code api-version}...)
 * @param models the model ids it serves, each mapped to the provider's own name for it ({@code ""}
 *     when the operator gave none), in the order listed; empty for the default provider, which
 *     serves any model
 */
public record Provider(
    String name,
    ProviderKind kind,
    String baseUrl,
    Optional<String> apiKey,
    Map<String, String> headers,
    Map<String, String> models,
    Timeouts timeouts) {

  /** How long to wait: for a connection, for the first token, and between two events. */
  public record Timeouts(Duration connect, Duration firstToken, Duration idle) {}

  public Provider {
    headers = Map.copyOf(headers);
    models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
  }

  /** Whether it serves {@code model}. */
  public boolean serves(String model) {
    return models.containsKey(model);
  }

  /**
   * The provider's own name for {@code model}: the operator's mapping; else, for a vendor's own API
   * (whose names never carry an OpenRouter-style {@code vendor/} prefix), the catalogue's native
   * name; else the id itself.
   */
  public String upstreamName(String model, Function<String, Optional<String>> nativeNames) {
    String mapped = models.get(model);
    if (mapped != null && !mapped.isEmpty()) {
      return mapped;
    }
    if (kind != ProviderKind.OPENAI) {
      return nativeNames.apply(model).orElse(model);
    }
    return model;
  }

  /** {@code baseUrl} followed by {@code path}, with exactly one slash between them. */
  public URI resolve(String path) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return URI.create(base + (path.startsWith("/") ? path : "/" + path));
  }

  @Override
  public String toString() {
    return name
        + "("
        + kind.key()
        + ", "
        + ProviderEndpoint.withoutCredentials(baseUrl)
        + ", key "
        + (apiKey.isPresent() ? "set" : "not set")
        + ")";
  }
}
