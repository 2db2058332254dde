package com.cogniforge.gateway.console;

import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.settings.SettingKind;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON documents of {@code /api/v1/settings}: the settings, and the refusal of a change. */
public final class SettingsDocument {

  private SettingsDocument() {}

  /** Every setting by name, with its value and where the value comes from. */
  public record Settings(Map<String, Value> settings) {}

  /** {@code source}: {@code console} when changed at run time, else {@code environment}. */
  @JsonbPropertyOrder({"value", "source"})
  public record Value(String value, String source) {}

  /** A refused change: OpenAI's error shape, with a message per invalid setting. */
  public record Refusal(Error error) {}

  @JsonbPropertyOrder({"message", "type", "code", "fields"})
  public record Error(String message, String type, String code, Map<String, String> fields) {}

  static Settings of(GatewaySettings settings) {
    Map<String, Value> all = new LinkedHashMap<>();
    for (Setting setting : Setting.values()) {
      all.put(
          setting.name(),
          new Value(
              settings.value(setting),
              settings.changedAtRunTime(setting) ? "console" : "environment"));
    }
    return new Settings(all);
  }

  static Refusal refusal(Map<Setting, SettingKind.Checked> refused) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (Map.Entry<Setting, SettingKind.Checked> problem : refused.entrySet()) {
      fields.put(
          problem.getKey().name(),
          ConsoleMessages.text(
              Locale.ENGLISH,
              problem.getValue().problem(),
              problem.getValue().arguments().toArray()));
    }
    return new Refusal(
        new Error(
            "some values are invalid; nothing was changed",
            "invalid_request_error",
            "invalid_settings",
            fields));
  }
}
