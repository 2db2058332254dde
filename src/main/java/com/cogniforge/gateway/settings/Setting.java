package com.cogniforge.gateway.settings;

import java.util.Optional;

/**
 * The settings an operator may change at run time in the console (or the settings API). Each one's
 * first value comes from MicroProfile Config (environment variable of the same name, else the
 * default here); a value saved from the console wins from then on.
 */
public enum Setting {
  ENABLE_HYBRID_STREAMING(SettingKind.BOOLEAN, "false"),
  ENABLE_INTELLIGENT_ROUTING(SettingKind.BOOLEAN, "false"),
  /** Development mode: the simulated provider answers when no provider key is set. */
  ALLOW_MOCK_LLM(SettingKind.BOOLEAN, "true"),
  NANO_MODEL(SettingKind.MODEL_LIST, "openai/gpt-4o-mini"),
  FAST_MODEL(SettingKind.MODEL_LIST, "openai/gpt-4o-mini"),
  SMART_MODEL(SettingKind.MODEL_LIST, "anthropic/claude-3.5-sonnet"),
  GENIUS_MODEL(SettingKind.MODEL_LIST, "anthropic/claude-3-opus"),
  EXTRA_MODELS(SettingKind.OPTIONAL_MODEL_LIST, ""),
  MODEL_PRICES(SettingKind.PRICES, ""),
  LLM_DAILY_BUDGET(SettingKind.MONEY, "10.0"),
  BUDGET_DOWNGRADE_THRESHOLDS(SettingKind.THRESHOLDS, "GENIUS:0.5,SMART:0.2,FAST:0.05"),
  BUDGET_EXHAUSTED_MODE(SettingKind.EXHAUSTED_MODE, "reject"),
  /**
   * USD one client key's open requests may hold in reservations at once (each holds its worst-case
   * cost until it ends), whatever the key's own budget; 0 for no cap.
   */
  KEY_RESERVATION_CAP_USD(SettingKind.MONEY, "2.0"),
  /**
   * The largest share (0 to 1) of what is left of the day's budget that one client key's open
   * requests may hold at once; 1 for no limit.
   */
  KEY_RESERVATION_SHARE(SettingKind.SHARE, "0.5"),
  STREAMING_CHUNK_SIZE(SettingKind.CHUNK_SIZE, "1"),
  STREAMING_HEARTBEAT_INTERVAL(SettingKind.HEARTBEAT_SECONDS, "20"),
  /**
   * Bytes a stream may hold for a client that reads slower than the answer comes; beyond them the
   * client is given up on ({@code client_too_slow}) and the provider call cancelled.
   */
  CLIENT_BUFFER_BYTES(SettingKind.CLIENT_BUFFER_BYTES, "1048576"),
  /** Seconds held bytes may wait for a client that reads none of them before it is given up on. */
  CLIENT_WRITE_TIMEOUT(SettingKind.WRITE_TIMEOUT_SECONDS, "30"),
  /**
   * Whose requests may share cached answers and in-flight calls: {@code key} (each client key, or
   * all anonymous requests, only its own) or {@code global} (everyone's).
   */
  CACHE_SCOPE(SettingKind.CACHE_SCOPE, "key"),
  /**
   * What each model can do beyond text: {@code model=cap,cap;...} of images, tools, json_schema,
   * reasoning; {@code *} stands for every model not listed. Without a {@code *} entry, a model not
   * listed does text and tools only. The default lets every model do everything (no filtering).
   */
  MODEL_CAPABILITIES(SettingKind.CAPABILITIES, "*=images,tools,json_schema,reasoning"),
  /**
   * OpenRouter request fields that choose models or providers ({@code models}, {@code route},
   * {@code provider}, {@code plugins}, {@code transforms}) which clients may send upstream; the
   * others are refused. Empty: the router alone chooses.
   */
  ALLOWED_PROVIDER_OPTIONS(SettingKind.PROVIDER_OPTIONS, ""),
  /**
   * {@code input:output[:cached]} USD per million tokens for a model with no known price: an
   * expensive model's, so that an unknown model is never counted as free.
   */
  DEFAULT_MODEL_PRICE(SettingKind.PRICE, "15:60");

  private final SettingKind kind;
  private final String defaultValue;

  Setting(SettingKind kind, String defaultValue) {
    this.kind = kind;
    this.defaultValue = defaultValue;
  }

  public SettingKind kind() {
    return kind;
  }

  String defaultValue() {
    return defaultValue;
  }

  /** The value as it is stored, or the reason it is refused. */
  public SettingKind.Checked check(String raw) {
    return kind.check(raw == null ? "" : raw.trim());
  }

  public static Optional<Setting> named(String name) {
    for (Setting setting : values()) {
      if (setting.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return Optional.of(setting);
      }
    }
    return Optional.empty();
  }
}
