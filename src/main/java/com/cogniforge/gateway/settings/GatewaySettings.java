package com.cogniforge.gateway.settings;

import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.PeriodicJob;
import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.cluster.SingleNode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The gateway's settings. Fixed ones come from MicroProfile Config: a system property, else an
 * environment variable of the same name, else the defaults here and in {@code
 * META-INF/microprofile-config.properties} (see {@code .env.example} for each one). The {@link
 * Setting}s an operator can change at run time start from the same sources, and a value saved from
 * the console wins from then on.
 */
@ApplicationScoped
public class GatewaySettings {

  private static final Logger LOG = Logger.getLogger(GatewaySettings.class.getName());
  static final int RELOAD_SECONDS = 10;

  @Inject SettingsStore store;
  @Inject Config config;

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
  @ConfigProperty(name = "MAX_MESSAGES", defaultValue = "1000")
  int maxMessages;

  @Inject
  @ConfigProperty(name = "MAX_PROMPT_TOKENS", defaultValue = "1000000")
  int maxPromptTokens;

  @Inject
  @ConfigProperty(name = "SIM_TTFT_MS", defaultValue = "150")
  long simTtftMs;

  @Inject
  @ConfigProperty(name = "SIM_INTER_TOKEN_MS", defaultValue = "20")
  long simInterTokenMs;

  @Inject
  @ConfigProperty(name = "SIM_TOKENS", defaultValue = "48")
  int simTokens;

  /** Simulated models with a slow tail (benchmarks of hedged requests); empty for none. */
  @Inject
  @ConfigProperty(name = "SIM_TAIL_MODELS")
  Optional<String> simTailModels;

  @Inject
  @ConfigProperty(name = "SIM_TAIL_SHARE", defaultValue = "0")
  double simTailShare;

  @Inject
  @ConfigProperty(name = "SIM_TAIL_TTFT_MS", defaultValue = "3000")
  long simTailTtftMs;

  /** The live settings, parsed once per change: they are read on every request. */
  private volatile LiveSettings live;

  @Inject GatewayExecutors executors;
  @Inject Cluster cluster;

  static final String CHANGED_TOPIC = "cogniforge-settings-changed";

  /**
   * Loads the stored settings, then again every {@value #RELOAD_SECONDS} s, so that a change saved
   * on another instance sharing the database applies here too within that time.
   */
  @PostConstruct
  void load() {
    reload();
    PeriodicJob reloading = executors.every(RELOAD_SECONDS, "reloading settings", this::reload);
    // In a cluster, a change saved on one instance reaches the others at once, not within 10 s.
    cluster.subscribe(CHANGED_TOPIC, instance -> reloading.runSoon());
  }

  /** Settings with the given run-time values and the built-in defaults, outside a container. */
  public static GatewaySettings withValues(Map<Setting, String> values) {
    Map<Setting, String> all = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      all.put(setting, setting.check(values.getOrDefault(setting, setting.defaultValue())).value());
    }
    GatewaySettings settings = new GatewaySettings();
    settings.cluster = new SingleNode();
    settings.live = new LiveSettings(all, EnumSet.noneOf(Setting.class));
    return settings;
  }

  /** Reads the stored settings again (after a change here or, in a cluster, on another node). */
  public synchronized void reload() {
    Map<String, String> stored = store.all();
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    Set<Setting> overridden = EnumSet.noneOf(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = stored.get(setting.name());
      if (value != null) {
        overridden.add(setting);
      } else {
        value = initialValue(setting);
      }
      values.put(setting, value);
    }
    live = new LiveSettings(values, overridden);
  }

  /**
   * Checks every change and, only if all are valid, stores them with one audit line each and
   * applies them to the next request. Unchanged values are neither stored nor audited.
   *
   * @return the refused values with the reason; empty when the change was applied
   */
  public synchronized Map<Setting, SettingKind.Checked> change(
      Map<Setting, String> requested, String actor) {
    Map<Setting, SettingKind.Checked> refused = new EnumMap<>(Setting.class);
    Map<String, String> newValues = new LinkedHashMap<>();
    Map<String, String> oldValues = new LinkedHashMap<>();
    LiveSettings current = live;
    for (Map.Entry<Setting, String> entry : requested.entrySet()) {
      SettingKind.Checked checked = entry.getKey().check(entry.getValue());
      if (!checked.ok()) {
        refused.put(entry.getKey(), checked);
      } else if (!checked.value().equals(current.value(entry.getKey()))) {
        newValues.put(entry.getKey().name(), checked.value());
        oldValues.put(entry.getKey().name(), current.value(entry.getKey()));
      }
    }
    if (refused.isEmpty() && !newValues.isEmpty()) {
      store.save(newValues, oldValues, actor);
      LOG.info("settings changed by " + actor + ": " + newValues.keySet());
      reload();
      cluster.publish(CHANGED_TOPIC, actor);
    }
    return refused;
  }

  /** The value in force. */
  public String value(Setting setting) {
    return live.value(setting);
  }

  /** Whether the value in force was saved at run time rather than taken from the environment. */
  public boolean changedAtRunTime(Setting setting) {
    return live.overridden().contains(setting);
  }

  public boolean allowMockLlm() {
    return live.allowMockLlm();
  }

  /** The hybrid streaming engine: cache, coalescing, chunking, hedging, circuit breaker. */
  public boolean hybridStreaming() {
    return live.hybridStreaming();
  }

  /**
   * Whether cached answers and in-flight calls are shared only among requests of the same client
   * key ({@code CACHE_SCOPE=key}, the default), so that no tenant learns from a HIT or COALESCED
   * header what another one asked.
   */
  public boolean cacheScopedToKey() {
    return !"global".equals(live.value(Setting.CACHE_SCOPE));
  }

  public boolean intelligentRouting() {
    return live.intelligentRouting();
  }

  /** The models of a tier (NANO, FAST, SMART, GENIUS), primary first. */
  public List<String> tierModels(String tier) {
    List<String> models = live.modelsByTier().get(tier);
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
    return live.configuredModels();
  }

  /**
   * What {@code model} can do beyond text, by {@link SettingKind#CAPABILITY_NAMES} name: its own
   * {@code MODEL_CAPABILITIES} entry, else the {@code *} entry, else tools only.
   */
  public Set<String> modelCapabilities(String model) {
    return listedCapabilities(model).orElseGet(this::defaultCapabilities);
  }

  /** The model's own {@code MODEL_CAPABILITIES} entry, if it has one. */
  public Optional<Set<String>> listedCapabilities(String model) {
    return Optional.ofNullable(live.capabilities().get(model));
  }

  /** What a model listed nowhere can do: the {@code *} entry, else tools only. */
  public Set<String> defaultCapabilities() {
    Set<String> any = live.capabilities().get("*");
    return any != null ? any : UNLISTED_CAPABILITIES;
  }

  /** A model that {@code MODEL_CAPABILITIES} does not know is assumed to do text and tools. */
  static final Set<String> UNLISTED_CAPABILITIES = Set.of("tools");

  /**
   * The model- and provider-choosing OpenRouter fields ({@link SettingKind#PROVIDER_OPTION_NAMES})
   * that clients may send upstream; the rest are refused.
   */
  public Set<String> allowedProviderOptions() {
    return live.allowedProviderOptions();
  }

  /** Read for adaptive chunking (hybrid streaming issue); tokens are sent one by one until then. */
  public int chunkSize() {
    return live.chunkSize();
  }

  public Duration heartbeatInterval() {
    return live.heartbeatInterval();
  }

  /** Most bytes a stream holds for a client that does not keep up ({@code CLIENT_BUFFER_BYTES}). */
  public long clientBufferBytes() {
    return live.clientBufferBytes();
  }

  /** How long held bytes may wait for a client that reads none ({@code CLIENT_WRITE_TIMEOUT}). */
  public Duration clientWriteTimeout() {
    return live.clientWriteTimeout();
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

  /** Most messages in one chat request. */
  public int maxMessages() {
    return maxMessages;
  }

  /** Most prompt tokens (estimated) in one chat request. */
  public int maxPromptTokens() {
    return maxPromptTokens;
  }

  public long simTtftMs() {
    return simTtftMs;
  }

  public long simInterTokenMs() {
    return simInterTokenMs;
  }

  /**
   * The simulated TTFT of {@code model} for {@code prompt}: the tail TTFT for a fixed share of
   * prompts (chosen by the prompt's hash, so that runs repeat) when the model is a tail model.
   */
  public long simTtftMs(String model, String prompt) {
    boolean tailModel = List.of(simTailModels.orElse("").trim().split("\\s*,\\s*")).contains(model);
    int h = prompt.hashCode(); // mixed (murmur3's finaliser): similar prompts land far apart
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    boolean tail = tailModel && Math.floorMod(h, 10_000) < simTailShare * 10_000;
    return tail ? simTailTtftMs : simTtftMs;
  }

  public int simTokens() {
    return simTokens;
  }

  /** The environment (or system property) value, else the built-in default, made valid. */
  private String initialValue(Setting setting) {
    String raw =
        config.getOptionalValue(setting.name(), String.class).orElse(setting.defaultValue());
    SettingKind.Checked checked = setting.check(raw);
    if (checked.ok()) {
      return checked.value();
    }
    LOG.warning(
        setting.name() + " ignored (" + checked.problem() + "), using " + setting.defaultValue());
    return setting.check(setting.defaultValue()).value();
  }
}
