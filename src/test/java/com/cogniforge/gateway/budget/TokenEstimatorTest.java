package com.cogniforge.gateway.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

  @Test
  void latinTextIsAboutFourCharactersPerToken() {
    assertEquals(0, TokenEstimator.textTokens(""));
    assertEquals(1, TokenEstimator.textTokens("abcd"));
    assertEquals(25, TokenEstimator.textTokens("a".repeat(100)));
  }

  @Test
  void arabicAndCjkCountMoreTokensPerCharacter() {
    int arabic = TokenEstimator.textTokens("مرحبا بكم في البوابة"); // 20 chars
    int latin = TokenEstimator.textTokens("welcome to gateway!!"); // 20 chars
    assertTrue(arabic > latin, arabic + " vs " + latin);
    assertEquals(4, TokenEstimator.textTokens("你好世界"));
  }

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
