package com.cogniforge.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.providers.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryClassifierTest {

  private static Classification classify(String... userMessages) {
    return QueryClassifier.classify(
        java.util.Arrays.stream(userMessages).map(m -> new ChatMessage("user", m)).toList());
  }

  @Test
  void greetingIsSimpleAndGoesToNano() {
    Classification c = classify("Hi there!");
    assertTrue(c.complexity() < Router.FAST_FROM, "complexity " + c.complexity());
    assertEquals("general", c.domain());
    assertEquals("en", c.language());
    assertEquals(Tier.NANO, Router.tierFor(c));
  }

  @Test
  void codeWithReasoningIsHarderThanChat() {
    Classification code =
        classify(
            "Implement a function in Python that finds the longest palindromic substring."
                + " Explain step by step why your algorithm is optimal.\n```python\ndef f(s):\n"
                + "    pass\n```");
    assertEquals("code", code.domain());
    assertTrue(code.reasoning());
    assertTrue(code.complexity() >= Router.SMART_FROM, "complexity " + code.complexity());
    assertTrue(code.signals().contains("code block"), code.signals().toString());
  }

  @Test
  void arabicPromptsAreReadToo() {
    Classification simple = classify("مرحبا، كيف حالك؟");
    assertEquals("ar", simple.language());
    assertEquals(Tier.NANO, Router.tierFor(simple));

    Classification math =
        classify("احسب احتمال الحصول على مجموع 7 عند رمي نردين، واشرح الحل خطوة بخطوة.");
    assertEquals("ar", math.language());
    assertEquals("math", math.domain());
    assertTrue(math.reasoning());
    assertTrue(math.complexity() > simple.complexity() + 0.2, math + " vs " + simple);
  }

  @Test
  void urgencyIsNoticedInBothLanguages() {
    assertTrue(classify("Quick: what's the capital of France? asap").urgent());
    assertTrue(classify("أجبني بسرعة: ما عاصمة فرنسا؟").urgent());
    assertTrue(classify("عاجل: ما عاصمة مصر؟").urgent());
    assertFalse(classify("What is the capital of France?").urgent());
  }

  @Test
  void urgentMediumRequestGoesToAFasterTier() {
    Classification c =
        new Classification(0.6, true, true, "analysis", "en", 40, List.of("urgency wording"));
    assertEquals(Tier.FAST, Router.tierFor(c));
    Classification hard = new Classification(0.9, true, true, "math", "en", 400, List.of());
    assertEquals(Tier.GENIUS, Router.tierFor(hard));
  }

  @Test
  void followUpTurnsRaiseComplexity() {
    double one = classify("Write a haiku about the sea.").complexity();
    double two =
        classify("Write a haiku about the sea.", "Now rewrite it so every line starts with S.")
            .complexity();
    assertTrue(two > one, two + " vs " + one);
  }

  @Test
  void otherScriptsDegradeToLengthAndStructure() {
    Classification chinese = classify("你好，请问今天天气怎么样？");
    assertEquals("zh", chinese.language());
    assertTrue(chinese.complexity() >= 0 && chinese.complexity() <= 1);
    assertEquals("other", classify("1234 5678").language());
  }
}
