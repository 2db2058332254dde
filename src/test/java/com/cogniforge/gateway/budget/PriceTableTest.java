package com.cogniforge.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  @Test
  void pricesComeFromListPricesAndOverrides() {
    Map<String, PriceTable.Price> table =
        PriceTable.parse("my/model=1:2; openai/gpt-4o-mini = 0.2:0.8;broken");
    assertEquals(3.0 / 1_000_000 * 1_000_000, table.get("my/model").cost(1_000_000, 1_000_000) / 1);
    assertEquals(0.2, table.get("openai/gpt-4o-mini").inputPerMillion());
    assertEquals(15.0, table.get("anthropic/claude-3-opus").inputPerMillion());
    assertEquals(0.000_075, table.get("anthropic/claude-3-opus").cost(0, 1));
  }

  @Test
  void aThirdNumberIsTheCachedInputPriceWhichDefaultsToTheInputPrice() {
    Map<String, PriceTable.Price> table =
        PriceTable.parse("cached/model=2:8:0.5;plain/model=2:8;bad/model=1:2:3:4");
    assertEquals(0.5, table.get("cached/model").cachedPerMillion());
    assertEquals(2.0, table.get("plain/model").cachedPerMillion());
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
