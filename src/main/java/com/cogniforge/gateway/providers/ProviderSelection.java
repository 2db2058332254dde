package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides which provider serves chat requests: the configured one when a key is set, else the
 * simulated provider when mock mode is allowed, else none (requests then get a 503).
 */
@ApplicationScoped
public class ProviderSelection {

  private static final Logger LOG = Logger.getLogger(ProviderSelection.class.getName());

  @Inject GatewaySettings settings;

  @Inject
  @ConfigProperty(name = "REQUIRE_API_KEY")
  Optional<Boolean> requireApiKey;

  /**
   * Sent by this gateway, as its bearer token, to its own simulated provider: outside development
   * mode the simulator answers nobody else (it has no keys or limits of its own). New at each
   * start, never shown; each instance of a cluster calls its own simulator.
   */
  private final String simulatorSecret = newSecret();

  void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (settings.providerApiKey().isPresent()) {
      LOG.info(
          "LLM provider: "
              + ProviderEndpoint.withoutCredentials(settings.providerBaseUrl())
              + " (API key set)");
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
          new ProviderEndpoint("simulated", selfBaseUrl + "/sim/v1", Optional.of(simulatorSecret)));
    }
    return Optional.empty();
  }

  /**
   * Whether the simulated provider may answer a call with this {@code Authorization} header: only
   * while it is this gateway's provider (no provider key, {@code ALLOW_MOCK_LLM}), and then to
   * anyone in development mode (anonymous chat allowed, so nothing to protect), else only to this
   * gateway itself.
   */
  public boolean simulatorMayAnswer(String authorization) {
    if (settings.providerApiKey().isPresent() || !settings.allowMockLlm()) {
      return false;
    }
    if (!requireApiKey.orElse(false)) {
      return true;
    }
    return authorization != null
        && MessageDigest.isEqual(
            ("Bearer " + simulatorSecret).getBytes(StandardCharsets.UTF_8),
            authorization.getBytes(StandardCharsets.UTF_8));
  }

  private static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String providerName() {
    String url = settings.providerBaseUrl();
    return url.contains("openrouter.ai") ? "openrouter" : "openai-compatible";
  }
}
