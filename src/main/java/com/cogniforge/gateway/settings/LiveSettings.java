package com.cogniforge.gateway.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The run-time settings in force, parsed once per change because requests read them. Immutable. */
final class LiveSettings {

  private static final List<String> TIERS = List.of("NANO", "FAST", "SMART", "GENIUS");

  private final Map<Setting, String> values;
  private final Set<Setting> overridden;
  private final Map<String, List<String>> modelsByTier;
  private final List<String> configuredModels;
  private final Duration heartbeatInterval;
  private final Map<String, Set<String>> capabilities;
  private final Set<String> allowedProviderOptions;

  LiveSettings(Map<Setting, String> values, Set<Setting> overridden) {
    this.values = Map.copyOf(values);
    this.overridden = Set.copyOf(overridden);
    this.modelsByTier =
        Map.of(
            "NANO", split(values.get(Setting.NANO_MODEL)),
            "FAST", split(values.get(Setting.FAST_MODEL)),
            "SMART", split(values.get(Setting.SMART_MODEL)),
            "GENIUS", split(values.get(Setting.GENIUS_MODEL)));
    Set<String> models = new LinkedHashSet<>();
    for (String tier : TIERS) {
      models.addAll(modelsByTier.get(tier));
    }
    models.addAll(split(values.get(Setting.EXTRA_MODELS)));
    this.configuredModels = List.copyOf(models);
    this.heartbeatInterval =
        Duration.ofMillis(
            Math.max(
                100,
                Math.round(
                    Double.parseDouble(values.get(Setting.STREAMING_HEARTBEAT_INTERVAL)) * 1000)));
    Map<String, Set<String>> byModel = new HashMap<>();
    for (String entry : values.get(Setting.MODEL_CAPABILITIES).split(";")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        byModel.put(entry.substring(0, eq), Set.copyOf(split(entry.substring(eq + 1))));
      }
    }
    this.capabilities = Map.copyOf(byModel);
    this.allowedProviderOptions = Set.copyOf(split(values.get(Setting.ALLOWED_PROVIDER_OPTIONS)));
  }

  String value(Setting setting) {
    return values.get(setting);
  }

  Set<Setting> overridden() {
    return overridden;
  }

  boolean allowMockLlm() {
    return Boolean.parseBoolean(values.get(Setting.ALLOW_MOCK_LLM));
  }

  boolean hybridStreaming() {
    return Boolean.parseBoolean(values.get(Setting.ENABLE_HYBRID_STREAMING));
  }

  boolean intelligentRouting() {
    return Boolean.parseBoolean(values.get(Setting.ENABLE_INTELLIGENT_ROUTING));
  }

  Map<String, List<String>> modelsByTier() {
    return modelsByTier;
  }

  List<String> configuredModels() {
    return configuredModels;
  }

  int chunkSize() {
    return Integer.parseInt(values.get(Setting.STREAMING_CHUNK_SIZE));
  }

  Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  long clientBufferBytes() {
    return Long.parseLong(values.get(Setting.CLIENT_BUFFER_BYTES));
  }

  Duration clientWriteTimeout() {
    return Duration.ofSeconds(Long.parseLong(values.get(Setting.CLIENT_WRITE_TIMEOUT)));
  }

  Map<String, Set<String>> capabilities() {
    return capabilities;
  }

  Set<String> allowedProviderOptions() {
    return allowedProviderOptions;
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return List.copyOf(out);
  }
}
