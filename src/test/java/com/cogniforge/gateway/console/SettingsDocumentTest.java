package com.cogniforge.gateway.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.settings.SettingKind;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings documents through JSON-B, as the hand-written JSON they replaced wrote them. */
class SettingsDocumentTest {

  @Test
  void everySettingInDeclarationOrderWithItsValueAndSource() {
    GatewaySettings settings = GatewaySettings.withValues(Map.of(Setting.SMART_MODEL, "m/a,m/b"));
    String json = JsonDocuments.toJson(SettingsDocument.of(settings));
    assertTrue(
        json.startsWith(
            "{\"settings\":{\"ENABLE_HYBRID_STREAMING\":{\"value\":\"false\","
                + "\"source\":\"environment\"},"),
        json);
    assertTrue(
        json.contains(",\"SMART_MODEL\":{\"value\":\"m/a,m/b\",\"source\":\"environment\"},"),
        json);
    JsonObject all = JsonText.parseObject(json).getJsonObject("settings");
    List<String> names = new ArrayList<>();
    for (Setting setting : Setting.values()) {
      names.add(setting.name());
      assertEquals(
          List.of("value", "source"), List.copyOf(all.getJsonObject(setting.name()).keySet()));
    }
    assertEquals(names, List.copyOf(all.keySet()));
  }

  @Test
  void aRefusalIsAnOpenAiErrorWithAMessagePerSetting() {
    SettingKind.Checked refused = Setting.SMART_MODEL.check("");
    String json =
        JsonDocuments.toJson(SettingsDocument.refusal(Map.of(Setting.SMART_MODEL, refused)));
    assertTrue(
        json.startsWith(
            "{\"error\":{\"message\":\"some values are invalid; nothing was changed\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_settings\","
                + "\"fields\":{\"SMART_MODEL\":\""),
        json);
    assertTrue(json.endsWith("\"}}}"), json);
  }
}
