package com.cogniforge.gateway.console;

import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.settings.SettingKind;
import com.cogniforge.gateway.settings.SettingsStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/settings}: hybrid streaming, routing and development mode switches, the models and
 * prices of each tier, the budget, chunking, heartbeat and how far a client may fall behind. A save
 * applies to the next request, is kept in the database and leaves one audit line per changed value.
 * An invalid value refuses the whole save and is explained next to its field.
 */
@ApplicationScoped
public class SettingsPage implements ConsolePage {

  /** The form's sections, in order, with their settings. */
  static final Map<String, List<Setting>> SECTIONS =
      Map.of(
          "modes",
          List.of(
              Setting.ENABLE_HYBRID_STREAMING,
              Setting.ENABLE_INTELLIGENT_ROUTING,
              Setting.ALLOW_MOCK_LLM,
              Setting.CACHE_SCOPE),
          "tiers",
          List.of(
              Setting.NANO_MODEL,
              Setting.FAST_MODEL,
              Setting.SMART_MODEL,
              Setting.GENIUS_MODEL,
              Setting.EXTRA_MODELS,
              Setting.MODEL_PRICES,
              Setting.DEFAULT_MODEL_PRICE,
              Setting.MODEL_CAPABILITIES,
              Setting.ALLOWED_PROVIDER_OPTIONS),
          "budget",
          List.of(
              Setting.LLM_DAILY_BUDGET,
              Setting.BUDGET_DOWNGRADE_THRESHOLDS,
              Setting.BUDGET_EXHAUSTED_MODE,
              Setting.KEY_RESERVATION_CAP_USD,
              Setting.KEY_RESERVATION_SHARE),
          "streaming",
          List.of(
              Setting.STREAMING_CHUNK_SIZE,
              Setting.STREAMING_HEARTBEAT_INTERVAL,
              Setting.CLIENT_BUFFER_BYTES,
              Setting.CLIENT_WRITE_TIMEOUT));

  private static final List<String> SECTION_ORDER =
      List.of("modes", "tiers", "budget", "streaming");

  @Inject GatewaySettings settings;
  @Inject SettingsStore store;
  @Inject PriceTable prices;

  /** One field of the form. {@code error} is already in the operator's language. */
  public record Field(
      String name, String kind, String value, boolean changedAtRunTime, String error) {}

  /** A section of the form. */
  public record Section(String key, List<Field> fields) {}

  /** A model of a tier with the price it is charged at, USD per million tokens. */
  public record ModelPrice(String tier, String model, double input, double output) {}

  @Override
  public String path() {
    return "settings";
  }

  @Override
  public void get(ConsoleExchange exchange, String action) throws IOException {
    show(exchange, Map.of(), Map.of());
  }

  @Override
  public void post(ConsoleExchange exchange, String action) throws IOException {
    Map<Setting, String> submitted = new EnumMap<>(Setting.class);
    for (Setting setting : Setting.values()) {
      String value = exchange.param(setting.name());
      // An unticked checkbox sends nothing: that means "off".
      submitted.put(
          setting, setting.kind() == SettingKind.BOOLEAN && value.isEmpty() ? "false" : value);
    }
    Map<Setting, SettingKind.Checked> refused = settings.change(submitted, exchange.operator());
    if (refused.isEmpty()) {
      exchange.flash("ok", exchange.text("settings.saved"));
      exchange.redirect("/admin/settings");
      return;
    }
    exchange.status(400);
    exchange.put("formError", exchange.text("settings.refused", refused.size()));
    show(exchange, submitted, refused);
  }

  private void show(
      ConsoleExchange exchange,
      Map<Setting, String> submitted,
      Map<Setting, SettingKind.Checked> refused)
      throws IOException {
    List<Section> sections = new ArrayList<>();
    for (String key : SECTION_ORDER) {
      List<Field> fields = new ArrayList<>();
      for (Setting setting : SECTIONS.get(key)) {
        SettingKind.Checked problem = refused.get(setting);
        fields.add(
            new Field(
                setting.name(),
                setting.kind().name(),
                submitted.getOrDefault(setting, settings.value(setting)),
                settings.changedAtRunTime(setting),
                problem == null
                    ? null
                    : exchange.text(problem.problem(), problem.arguments().toArray())));
      }
      sections.add(new Section(key, fields));
    }
    List<ModelPrice> modelPrices = new ArrayList<>();
    for (String tier : List.of("NANO", "FAST", "SMART", "GENIUS")) {
      for (String model : settings.tierModels(tier)) {
        PriceTable.Price price = prices.priceOf(model);
        modelPrices.add(
            new ModelPrice(tier, model, price.inputPerMillion(), price.outputPerMillion()));
      }
    }
    exchange
        .put("sections", sections)
        .put("modelPrices", modelPrices)
        .put("audit", store.recentChanges(50));
    exchange.render("settings", "settings");
  }
}
