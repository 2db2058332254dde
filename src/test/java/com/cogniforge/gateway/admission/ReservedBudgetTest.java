package com.cogniforge.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReservedBudgetTest {

  private final PriceTable prices =
      PriceTable.of(
          GatewaySettings.withValues(
              Map.of(Setting.MODEL_PRICES, "cheap/model=0.1:0.4; dear/model=15:60")),
          ModelCatalogue.of(""));
  private final ReservedBudget budget = new ReservedBudget(null, prices, null, 10, 100);

  @Test
  void aCallIsPricedAtTheModelTheProviderSaysAnsweredWhenThatModelHasAPrice() {
    // OpenRouter's "models" (allowed for a key) let the provider answer with another model.
    assertEquals("dear/model", budget.pricedModel("cheap/model", "dear/model"));
  }

  @Test
  void aReportedNameWithoutAPriceOfItsOwnKeepsTheRoutedPrice() {
    // A dated version or alias ("cheap/model-2025-01-01") is the routed model under another name.
    assertEquals("cheap/model", budget.pricedModel("cheap/model", "cheap/model-2025-01-01"));
    assertEquals("cheap/model", budget.pricedModel("cheap/model", null));
  }
}
