package com.cogniforge.gateway.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingKindTest {

  private static void refused(Setting setting, String raw, String problem) {
    SettingKind.Checked checked = setting.check(raw);
    assertFalse(checked.ok(), raw + " should be refused");
    assertEquals(problem, checked.problem(), raw);
  }

  private static void accepted(Setting setting, String raw, String stored) {
    SettingKind.Checked checked = setting.check(raw);
    assertTrue(checked.ok(), raw + " refused: " + checked.problem());
    assertEquals(stored, checked.value());
  }

  @Test
  void budgetMustBeANonNegativeNumber() {
    refused(Setting.LLM_DAILY_BUDGET, "-1", "error.money.negative");
    refused(Setting.LLM_DAILY_BUDGET, "ten", "error.number");
    refused(Setting.LLM_DAILY_BUDGET, "", "error.number");
    refused(Setting.LLM_DAILY_BUDGET, "1000001", "error.money.huge");
    accepted(Setting.LLM_DAILY_BUDGET, " 12.50 ", "12.50");
    accepted(Setting.LLM_DAILY_BUDGET, "0", "0");
  }

  @Test
  void modelListsNeedValidIdsAndTierListsAtLeastOne() {
    refused(Setting.FAST_MODEL, "", "error.model.empty");
    refused(Setting.FAST_MODEL, " , ,", "error.model.empty");
    refused(Setting.FAST_MODEL, "good/model, <script>", "error.model.id");
    refused(Setting.FAST_MODEL, "نموذج", "error.model.id");
    accepted(Setting.FAST_MODEL, "a/b, c/d:free ,a/b", "a/b,c/d:free");
    accepted(Setting.EXTRA_MODELS, "", "");
  }

  @Test
  void capabilitiesNameModelsOrAStarWithKnownCapabilities() {
    refused(Setting.MODEL_CAPABILITIES, "a/b images", "error.capabilities.format");
    refused(Setting.MODEL_CAPABILITIES, "a/b=vision", "error.capability.unknown");
    refused(Setting.MODEL_CAPABILITIES, "a/b=tools;a/b=images", "error.capabilities.twice");
    refused(Setting.MODEL_CAPABILITIES, "<x>=tools", "error.model.id");
    accepted(
        Setting.MODEL_CAPABILITIES, " a/b = Images, tools,tools ;\n*=;", "a/b=images,tools;*=");
    accepted(Setting.MODEL_CAPABILITIES, "", "");
  }

  @Test
  void allowedProviderOptionsAreTheKnownRoutingFields() {
    refused(
        Setting.ALLOWED_PROVIDER_OPTIONS, "models, temperature", "error.provider_option.unknown");
    accepted(Setting.ALLOWED_PROVIDER_OPTIONS, " Models ,provider,models", "models,provider");
    accepted(Setting.ALLOWED_PROVIDER_OPTIONS, "", "");
    assertEquals(
        Set.of("route"),
        GatewaySettings.withValues(Map.of(Setting.ALLOWED_PROVIDER_OPTIONS, "route"))
            .allowedProviderOptions());
  }

  @Test
  void cacheScopeIsKeyOrGlobal() {
    refused(Setting.CACHE_SCOPE, "tenant", "error.cache_scope");
    accepted(Setting.CACHE_SCOPE, " GLOBAL ", "global");
  }

  @Test
  void aModelNotListedDoesToolsUnlessAStarSaysOtherwise() {
    GatewaySettings listed =
        GatewaySettings.withValues(Map.of(Setting.MODEL_CAPABILITIES, "a/b=images"));
    assertEquals(Set.of("images"), listed.modelCapabilities("a/b"));
    assertEquals(Set.of("tools"), listed.modelCapabilities("c/d"));
    GatewaySettings star =
        GatewaySettings.withValues(Map.of(Setting.MODEL_CAPABILITIES, "a/b=images;*="));
    assertEquals(Set.of(), star.modelCapabilities("c/d"));
  }

  @Test
  void thresholdsNameKnownTiersWithSharesBetweenZeroAndOne() {
    refused(Setting.BUDGET_DOWNGRADE_THRESHOLDS, "ULTRA:0.5", "error.tier.unknown");
    assertEquals(
        List.of("ULTRA"), Setting.BUDGET_DOWNGRADE_THRESHOLDS.check("ULTRA:0.5").arguments());
    refused(Setting.BUDGET_DOWNGRADE_THRESHOLDS, "GENIUS:1.5", "error.thresholds.share");
    refused(Setting.BUDGET_DOWNGRADE_THRESHOLDS, "GENIUS", "error.thresholds.format");
    accepted(Setting.BUDGET_DOWNGRADE_THRESHOLDS, "genius:0.5, SMART:0.2", "GENIUS:0.5,SMART:0.2");
  }

  @Test
  void pricesAreModelEqualsInputColonOutput() {
    refused(Setting.MODEL_PRICES, "a/b=1", "error.prices.format");
    refused(Setting.MODEL_PRICES, "a/b=-1:2", "error.prices.negative");
    accepted(Setting.MODEL_PRICES, "a/b=0.15:0.60; c/d = 3:15", "a/b=0.15:0.60;c/d=3:15");
    accepted(Setting.MODEL_PRICES, "o/r=2:8:0.5", "o/r=2:8:0.5"); // with a cached-input price
    refused(Setting.MODEL_PRICES, "o/r=2:8:0.5:1:9", "error.prices.format");
    accepted(Setting.DEFAULT_MODEL_PRICE, " 15:60 ", "15:60");
    accepted(Setting.DEFAULT_MODEL_PRICE, "3:15:0.3", "3:15:0.3");
    refused(Setting.DEFAULT_MODEL_PRICE, "15", "error.price.format");
    refused(Setting.DEFAULT_MODEL_PRICE, "", "error.price.format");
    refused(Setting.DEFAULT_MODEL_PRICE, "15:-60", "error.prices.negative");
    refused(Setting.MODEL_PRICES, "o/r=2:8:-0.5", "error.prices.negative");
  }

  @Test
  void smallKinds() {
    accepted(Setting.ALLOW_MOCK_LLM, "on", "true");
    accepted(Setting.ALLOW_MOCK_LLM, "", "false");
    refused(Setting.ALLOW_MOCK_LLM, "maybe", "error.boolean");
    refused(Setting.BUDGET_EXHAUSTED_MODE, "panic", "error.exhausted_mode");
    refused(Setting.STREAMING_CHUNK_SIZE, "0", "error.range");
    refused(Setting.STREAMING_CHUNK_SIZE, "2.5", "error.integer");
    accepted(Setting.STREAMING_CHUNK_SIZE, "8", "8");
    refused(Setting.STREAMING_HEARTBEAT_INTERVAL, "0", "error.range");
    accepted(Setting.STREAMING_HEARTBEAT_INTERVAL, "2.50", "2.5");
    refused(Setting.CLIENT_BUFFER_BYTES, "1000", "error.range");
    refused(Setting.CLIENT_BUFFER_BYTES, "1.5", "error.integer");
    accepted(Setting.CLIENT_BUFFER_BYTES, "2097152", "2097152");
    refused(Setting.CLIENT_WRITE_TIMEOUT, "0", "error.range");
    accepted(Setting.CLIENT_WRITE_TIMEOUT, "45", "45");
  }

  @Test
  void everyDefaultIsValid() {
    for (Setting setting : Setting.values()) {
      assertTrue(setting.check(setting.defaultValue()).ok(), setting.name());
    }
  }

  @Test
  void valuesInForceAreParsedOncePerChange() {
    GatewaySettings settings =
        GatewaySettings.withValues(
            Map.of(Setting.FAST_MODEL, "x/one,x/two", Setting.EXTRA_MODELS, "x/extra"));
    assertEquals(List.of("x/one", "x/two"), settings.tierModels("FAST"));
    assertTrue(settings.configuredModels().containsAll(List.of("x/one", "x/two", "x/extra")));
    assertEquals(20_000, settings.heartbeatInterval().toMillis());
  }

  @Test
  void exponentsAreRefusedBeforeTheyExpandIntoHugeStrings() {
    // 1E-999999999 is 12 characters; its toPlainString() is a billion.
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          refused(Setting.LLM_DAILY_BUDGET, "1E-999999999", "error.number");
          refused(Setting.LLM_DAILY_BUDGET, "1e9", "error.number");
          refused(Setting.MODEL_PRICES, "m/x=1E-999999999:1", "error.prices.format");
        });
    accepted(Setting.LLM_DAILY_BUDGET, ".5", "0.5");
  }
}
