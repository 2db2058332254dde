package com.cogniforge.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  @Test
  void pricesComeFromOverridesThenTheCatalogue() {
    PriceTable prices =
        PriceTable.of(
            GatewaySettings.withValues(
                Map.of(Setting.MODEL_PRICES, "my/model=1:2; openai/gpt-4o-mini = 0.2:0.8")),
            ModelCatalogue.of(""));
    assertEquals(3.0, prices.priceOf("my/model").cost(1_000_000, 1_000_000), 1e-12);
    assertEquals(0.2, prices.priceOf("openai/gpt-4o-mini").inputPerMillion(), "override wins");
    PriceTable.Price opus = prices.priceOf("anthropic/claude-3-opus");
    assertEquals(15.0, opus.inputPerMillion(), "the catalogue's list price");
    assertEquals(0.000_075, opus.cost(0, 1), 1e-15);
    assertEquals(1.5, opus.cachedPerMillion());
    assertEquals(18.75, opus.cacheWritePerMillion(), "Anthropic: a cache write is 1.25 x input");
  }

  @Test
  void cacheWritesArePricedApartFromReadsAndPlainInput() {
    PriceTable.Price price = new PriceTable.Price(3, 15, 0.3, 3.75);
    // 10,000 prompt tokens: 6,000 read from the cache, 3,000 written to it, 1,000 plain.
    double expected = (1000 * 3 + 6000 * 0.3 + 3000 * 3.75 + 200 * 15) / 1_000_000.0;
    assertEquals(expected, price.cost(10_000, 6000, 3000, 200), 1e-15);
    assertEquals(
        price.cost(100, 100, 0, 0), price.cost(100, 100, 50, 0), 1e-15, "never more than billed");
  }

  @Test
  void aModelWithoutAPriceIsChargedTheDefaultPriceAndLoggedOnce() {
    PriceTable prices =
        PriceTable.of(
            GatewaySettings.withValues(
                Map.of(
                    Setting.MODEL_PRICES, "known/model=1:2", Setting.DEFAULT_MODEL_PRICE, "10:40")),
            ModelCatalogue.of(""));
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(PriceTable.class.getName());
    log.addHandler(handler);
    try {
      assertEquals((1000 * 10 + 100 * 40) / 1_000_000.0, prices.cost("new/model", 1000, 100));
      assertEquals(prices.cost("new/model", 1000, 100), prices.cost("new/model", 1000, 100));
      assertEquals((1000 * 1 + 100 * 2) / 1_000_000.0, prices.cost("known/model", 1000, 100));
    } finally {
      log.removeHandler(handler);
    }
    assertEquals(1, logged.size(), logged.toString());
    assertTrue(logged.get(0).contains("new/model"));
  }

  @Test
  void theDefaultPriceIsNeverFree() {
    PriceTable prices = PriceTable.of(GatewaySettings.withValues(Map.of()), ModelCatalogue.of(""));
    assertEquals(new PriceTable.Price(15, 60), prices.priceOf("unlisted/model"));
  }

  @Test
  void aThirdNumberIsTheCachedInputPriceWhichDefaultsToTheInputPrice() {
    Map<String, PriceTable.Price> table =
        PriceTable.parse(
            "cached/model=2:8:0.5;plain/model=2:8;written/model=2:8:0.5:2.5;bad/model=1:2:3:4:5");
    assertEquals(0.5, table.get("cached/model").cachedPerMillion());
    assertEquals(2.0, table.get("plain/model").cachedPerMillion());
    assertEquals(2.0, table.get("plain/model").cacheWritePerMillion());
    assertEquals(2.5, table.get("written/model").cacheWritePerMillion());
    assertEquals(null, table.get("bad/model"));
  }

  @Test
  void cachedInputIsPricedApartAndReasoningIsPaidAsOutput() {
    PriceTable.Price price = new PriceTable.Price(2, 8, 0.5);
    // 1000 prompt tokens of which 800 cached; 500 completion tokens (reasoning among them).
    double expected = (200 * 2 + 800 * 0.5 + 500 * 8) / 1_000_000.0;
    assertEquals(expected, price.cost(1000, 800, 500), 1e-15);
    assertEquals(price.cost(1000, 500), price.cost(1000, 0, 500), 1e-15);
    assertEquals(
        price.cost(10, 10, 0), price.cost(10, 99, 0), 1e-15, "no more cached than prompt tokens");
  }
}
