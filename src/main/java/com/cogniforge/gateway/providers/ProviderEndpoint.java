package com.cogniforge.gateway.providers;

import java.net.URI;
import java.net.URISyntaxException;
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
    return name
        + "("
        + withoutCredentials(baseUrl)
        + ", key "
        + (apiKey.isPresent() ? "set" : "not set")
        + ")";
  }

  /**
   * A base URL fit for logs and pages: {@code LLM_BASE_URL} may carry credentials ({@code
   * https://user:pass@host/v1}, {@code ?api-key=...}), so the user info, query and fragment are
   * cut.
   */
  public static String withoutCredentials(String url) {
    try {
      URI uri = URI.create(url.trim());
      if (uri.getHost() == null) {
        return "(unparseable URL)";
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString();
    } catch (IllegalArgumentException | URISyntaxException unparseable) {
      return "(unparseable URL)"; // it might still hold a secret: show none of it
    }
  }
}
