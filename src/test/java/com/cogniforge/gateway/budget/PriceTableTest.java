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
}
