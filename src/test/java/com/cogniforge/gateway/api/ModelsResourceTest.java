package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.providers.Provider;
import com.cogniforge.gateway.providers.ProviderKind;
import com.cogniforge.gateway.providers.Providers;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    resource.catalogue = ModelCatalogue.of("");
    resource.tiers = TierModels.of(resource.settings, resource.catalogue);
    resource.prices = PriceTable.of(resource.settings, resource.catalogue);
    resource.providers = Providers.of(List.of());
    List<JsonObject> data =
        JsonText.parseObject(resource.list()).getJsonArray("data").getValuesAs(JsonObject.class);
    assertEquals("auto", data.get(0).getString("id"));
    assertEquals(List.of("images", "tools", "reasoning"), capabilities(data.get(0)));
    assertEquals("n/1", data.get(1).getString("id"));
    assertEquals(List.of("tools"), capabilities(data.get(1)), "not listed: text and tools");
    assertEquals(List.of("reasoning"), capabilities(data.get(2)));
    assertEquals(List.of("images", "tools"), capabilities(data.get(3)));
  }

  @Test
  void aCatalogueModelShowsItsWindowPricesTiersAndProviders() {
    ModelsResource resource = new ModelsResource();
    Map<Setting, String> values = new HashMap<>();
    values.put(Setting.SMART_MODEL, "anthropic/claude-3.5-sonnet,local/model");
    values.put(Setting.MODEL_PRICES, "local/model=0.5:1");
    resource.settings = GatewaySettings.withValues(values);
    resource.catalogue = ModelCatalogue.of("");
    resource.tiers = TierModels.of(resource.settings, resource.catalogue);
    resource.prices = PriceTable.of(resource.settings, resource.catalogue);
    resource.providers =
        Providers.of(
            List.of(
                new Provider(
                    "claude",
                    ProviderKind.ANTHROPIC,
                    "http://127.0.0.1:1",
                    Optional.empty(),
                    Map.of(),
                    Map.of("anthropic/claude-3.5-sonnet", ""),
                    new Provider.Timeouts(
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))));
    JsonObject sonnet = model(resource, "anthropic/claude-3.5-sonnet");
    assertEquals(200000, sonnet.getInt("context_window"));
    assertEquals(List.of("SMART"), strings(sonnet, "tiers"));
    assertEquals(List.of("claude"), strings(sonnet, "providers"));
    JsonObject pricing = sonnet.getJsonObject("pricing");
    assertEquals(3.0, pricing.getJsonNumber("input").doubleValue());
    assertEquals(0.3, pricing.getJsonNumber("cached_input").doubleValue());
    assertEquals(3.75, pricing.getJsonNumber("cache_write").doubleValue());
    assertEquals(15.0, pricing.getJsonNumber("output").doubleValue());
    JsonObject local = model(resource, "local/model");
    assertEquals(JsonValue.NULL, local.get("context_window"), "unknown: no window claimed");
    assertEquals(List.of("default"), strings(local, "providers"));
    assertEquals(0.5, local.getJsonObject("pricing").getJsonNumber("input").doubleValue());
  }

  private static JsonObject model(ModelsResource resource, String id) {
    return JsonText.parseObject(resource.list())
        .getJsonArray("data")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(m -> m.getString("id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> strings(JsonObject model, String field) {
    return model.getJsonArray(field).getValuesAs(jakarta.json.JsonString.class).stream()
        .map(jakarta.json.JsonString::getString)
        .toList();
  }

  private static List<String> capabilities(JsonObject model) {
    return model.getJsonArray("capabilities").getValuesAs(jakarta.json.JsonString.class).stream()
        .map(jakarta.json.JsonString::getString)
        .toList();
  }
}
