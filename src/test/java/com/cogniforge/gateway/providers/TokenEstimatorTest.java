package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
