package com.cogniforge.gateway.providers.simulated;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic text for a prompt: the same prompt always gets the same answer, token by token. An
 * Arabic prompt gets an Arabic answer, so right-to-left text crosses the whole path in tests.
 */
final class SimulatedText {

  private static final String[] ENGLISH =
      ("the gateway streams tokens to clients as soon as they arrive from the model while the router"
              + " picks a tier that answers well at the lowest cost and the budget keeps spending inside its"
              + " daily limit so operators see latency health and usage in one console every request leaves"
              + " a record with its cost time to first token and outcome")
          .split(" ");

  private static final String[] ARABIC =
      ("البوابة تبث الرموز إلى العملاء فور وصولها من النموذج بينما يختار الموجه الطبقة الأنسب بأقل"
              + " تكلفة وتحافظ الميزانية على الإنفاق ضمن حدها اليومي ويرى المشغلون زمن الاستجابة والصحة"
              + " والاستخدام في لوحة واحدة")
          .split(" ");

  private SimulatedText() {}

  /** {@code count} tokens: words with their leading space, sentences ending in ".", paragraphs. */
  static List<String> tokens(String prompt, int count) {
    boolean arabic = prompt.codePoints().anyMatch(c -> c >= 0x0600 && c <= 0x06FF);
    String[] words = arabic ? ARABIC : ENGLISH;
    SplittableRandom random = new SplittableRandom(prompt.hashCode() * 0x9E3779B97F4A7C15L);
    List<String> tokens = new ArrayList<>(count);
    boolean sentenceStart = true;
    for (int i = 0; i < count; i++) {
      String word = words[random.nextInt(words.length)];
      if (sentenceStart && !arabic) {
        word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      }
      String token =
          (i == 0 || sentenceStart && tokens.get(i - 1).endsWith("\n") ? "" : " ") + word;
      boolean last = i == count - 1;
      sentenceStart = last || random.nextInt(9) == 0;
      if (sentenceStart) {
        token += ".";
        if (!last && random.nextInt(3) == 0) {
          token += "\n\n";
        }
      }
      tokens.add(token);
    }
    return tokens;
  }
}
