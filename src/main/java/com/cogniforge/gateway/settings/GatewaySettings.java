package com.cogniforge.gateway.settings;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The settings shared across components. Settings of one feature live next to it (the budget's in
 * {@code DailyBudget}, prices in {@code PriceTable}). Values come from MicroProfile Config: a
 * system property, else an environment variable of the same name, else the defaults here and in
 * {@code META-INF/microprofile-config.properties} (see {@code .env.example} for each one).
 */
@ApplicationScoped
public class GatewaySettings {

  @Inject
  @ConfigProperty(name = "ALLOW_MOCK_LLM", defaultValue = "true")
  boolean allowMockLlm;

  @Inject
  @ConfigProperty(name = "ENABLE_HYBRID_STREAMING", defaultValue = "false")
  boolean hybridStreaming;

  @Inject
  @ConfigProperty(name = "ENABLE_INTELLIGENT_ROUTING", defaultValue = "false")
  boolean intelligentRouting;

  @Inject
  @ConfigProperty(name = "NANO_MODEL", defaultValue = "openai/gpt-4o-mini")
  String nanoModel;

  @Inject
  @ConfigProperty(name = "FAST_MODEL", defaultValue = "openai/gpt-4o-mini")
  String fastModel;

  @Inject
  @ConfigProperty(name = "SMART_MODEL", defaultValue = "anthropic/claude-3.5-sonnet")
  String smartModel;

  @Inject
  @ConfigProperty(name = "GENIUS_MODEL", defaultValue = "anthropic/claude-3-opus")
  String geniusModel;

  @Inject
  @ConfigProperty(name = "EXTRA_MODELS", defaultValue = " ")
  String extraModels;

  @Inject
  @ConfigProperty(name = "STREAMING_CHUNK_SIZE", defaultValue = "1")
  int chunkSize;

  @Inject
  @ConfigProperty(name = "STREAMING_HEARTBEAT_INTERVAL", defaultValue = "20")
  double heartbeatIntervalSeconds;

  @Inject
  @ConfigProperty(name = "OPENROUTER_API_KEY")
  Optional<String> providerApiKey;

  @Inject
  @ConfigProperty(name = "LLM_BASE_URL", defaultValue = "https://openrouter.ai/api/v1")
  String providerBaseUrl;

  @Inject
  @ConfigProperty(name = "UPSTREAM_CONNECT_TIMEOUT_MS", defaultValue = "5000")
  long connectTimeoutMs;

  @Inject
  @ConfigProperty(name = "UPSTREAM_FIRST_TOKEN_TIMEOUT_MS", defaultValue = "30000")
  long firstTokenTimeoutMs;

  @Inject
  @ConfigProperty(name = "UPSTREAM_IDLE_TIMEOUT_MS", defaultValue = "60000")
  long idleTimeoutMs;

  @Inject
  @ConfigProperty(name = "MAX_REQUEST_BYTES", defaultValue = "4194304")
  int maxRequestBytes;

  @Inject
  @ConfigProperty(name = "SIM_TTFT_MS", defaultValue = "150")
  long simTtftMs;

  @Inject
  @ConfigProperty(name = "SIM_INTER_TOKEN_MS", defaultValue = "20")
  long simInterTokenMs;

  @Inject
  @ConfigProperty(name = "SIM_TOKENS", defaultValue = "48")
  int simTokens;

  public boolean allowMockLlm() {
    return allowMockLlm;
  }

  /** Read for the hybrid streaming engine (its own issue); nothing acts on it yet. */
  public boolean hybridStreaming() {
    return hybridStreaming;
  }

  public boolean intelligentRouting() {
    return intelligentRouting;
  }

  private Map<String, List<String>> modelsByTier;
  private List<String> configuredModels;

  /** The model lists are read on every request: parse them once. */
  @PostConstruct
  void parseModelLists() {
    modelsByTier =
        Map.of(
            "NANO", split(nanoModel),
            "FAST", split(fastModel),
            "SMART", split(smartModel),
            "GENIUS", split(geniusModel));
    Set<String> models = new LinkedHashSet<>();
    for (String tier : List.of("NANO", "FAST", "SMART", "GENIUS")) {
      models.addAll(modelsByTier.get(tier));
    }
    models.addAll(split(extraModels));
    configuredModels = List.copyOf(models);
  }

  /** The models of a tier (NANO, FAST, SMART, GENIUS), primary first. */
  public List<String> tierModels(String tier) {
    List<String> models = modelsByTier.get(tier);
    if (models == null) {
      throw new IllegalArgumentException("no tier " + tier);
    }
    return models;
  }

  /**
   * Every model a client may ask for: the tiers' models (each tier setting may list several,
   * comma-separated, primary first) and {@code EXTRA_MODELS}, in that order, without duplicates.
   */
  public List<String> configuredModels() {
    return configuredModels;
  }

  /** Read for adaptive chunking (hybrid streaming issue); tokens are sent one by one until then. */
  public int chunkSize() {
    return Math.max(1, chunkSize);
  }

  public Duration heartbeatInterval() {
    return Duration.ofMillis(Math.max(100, Math.round(heartbeatIntervalSeconds * 1000)));
  }

  /** The provider key, if one is set and not blank. Never log or render the value. */
  public Optional<String> providerApiKey() {
    return providerApiKey.map(String::trim).filter(key -> !key.isEmpty());
  }

  public String providerBaseUrl() {
    return providerBaseUrl.trim();
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(connectTimeoutMs);
  }

  public Duration firstTokenTimeout() {
    return Duration.ofMillis(firstTokenTimeoutMs);
  }

  public Duration idleTimeout() {
    return Duration.ofMillis(idleTimeoutMs);
  }

  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  public long simTtftMs() {
    return simTtftMs;
  }

  public long simInterTokenMs() {
    return simInterTokenMs;
  }

  public int simTokens() {
    return simTokens;
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(",")) {
      String trimmed = part.trim();
      if (!trimmed.isEmpty()) {
        out.add(trimmed);
      }
    }
    return List.copyOf(out);
  }
}
