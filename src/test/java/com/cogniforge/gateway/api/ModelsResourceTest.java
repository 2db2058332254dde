package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsResourceTest {

  @Test
  void eachModelListsItsCapabilitiesAndAutoWhatAnyOfThemCan() {
    ModelsResource resource = new ModelsResource();
    Map<Setting, String> values = new HashMap<>();
    values.put(Setting.NANO_MODEL, "n/1");
    values.put(Setting.FAST_MODEL, "f/1");
    values.put(Setting.SMART_MODEL, "s/1");
    values.put(Setting.GENIUS_MODEL, "s/1");
    values.put(Setting.MODEL_CAPABILITIES, "s/1=tools,images;f/1=reasoning");
    resource.settings = GatewaySettings.withValues(values);
    List<JsonObject> data =
        JsonText.parseObject(resource.list()).getJsonArray("data").getValuesAs(JsonObject.class);
    assertEquals("auto", data.get(0).getString("id"));
    assertEquals(List.of("images", "tools", "reasoning"), capabilities(data.get(0)));
    assertEquals("n/1", data.get(1).getString("id"));
    assertEquals(List.of("tools"), capabilities(data.get(1)), "not listed: text and tools");
    assertEquals(List.of("reasoning"), capabilities(data.get(2)));
    assertEquals(List.of("images", "tools"), capabilities(data.get(3)));
  }

  private static List<String> capabilities(JsonObject model) {
    return model.getJsonArray("capabilities").getValuesAs(jakarta.json.JsonString.class).stream()
        .map(jakarta.json.JsonString::getString)
        .toList();
  }
}
