package com.cogniforge.gateway.providers;

import java.net.URI;
import java.util.Optional;

/**
 * Where an OpenAI-compatible provider lives and how to authenticate to it.
 *
 * @param name a short label for records and logs ("simulated", "openrouter", ...)
 * @param baseUrl the base URL up to and including {@code /v1}
 * @param apiKey the bearer token, if the provider needs one; never logged ({@link #toString()}
 *     hides it)
 */
public record ProviderEndpoint(String name, String baseUrl, Optional<String> apiKey) {

  public URI chatCompletionsUri() {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return URI.create(base + "/chat/completions");
  }

  @Override
  public String toString() {
    return name + "(" + baseUrl + ", key " + (apiKey.isPresent() ? "set" : "not set") + ")";
  }
}
