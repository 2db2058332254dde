package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Decides which provider serves chat requests: the configured one when a key is set, else the
 * simulated provider when mock mode is allowed, else none (requests then get a 503).
 */
@ApplicationScoped
public class ProviderSelection {

  private static final Logger LOG = Logger.getLogger(ProviderSelection.class.getName());

  @Inject GatewaySettings settings;

  void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (settings.providerApiKey().isPresent()) {
      LOG.info("LLM provider: " + settings.providerBaseUrl() + " (API key set)");
    } else if (settings.allowMockLlm()) {
      LOG.info(
          "LLM provider: the built-in simulated provider (no API key set, ALLOW_MOCK_LLM=true)");
    } else {
      LOG.warning(
          "No LLM provider configured: OPENROUTER_API_KEY is not set and ALLOW_MOCK_LLM=false;"
              + " every chat request will be answered with HTTP 503");
    }
  }

  /**
   * @param selfBaseUrl this gateway's own address as seen by the current request (scheme, host,
   *     port), where the simulated provider is served
   */
  public Optional<ProviderEndpoint> select(String selfBaseUrl) {
    Optional<String> key = settings.providerApiKey();
    if (key.isPresent()) {
      return Optional.of(new ProviderEndpoint(providerName(), settings.providerBaseUrl(), key));
    }
    if (settings.allowMockLlm()) {
      return Optional.of(
          new ProviderEndpoint("simulated", selfBaseUrl + "/sim/v1", Optional.empty()));
    }
    return Optional.empty();
  }

  private String providerName() {
    String url = settings.providerBaseUrl();
    return url.contains("openrouter.ai") ? "openrouter" : "openai-compatible";
  }
}
