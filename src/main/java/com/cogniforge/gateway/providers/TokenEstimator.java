package com.cogniforge.gateway.providers;

/**
 * Estimates token counts when a provider does not report them, and before a call (for budget
 * reservations). Tokenizers differ per model; this errs on the high side: about 4 characters per
 * token for Latin text, 2.5 for Arabic, Cyrillic and other alphabets, one per CJK character.
 */
public final class TokenEstimator {

  /** Role markers and separators that chat templates add around each message. */
  private static final int TOKENS_PER_MESSAGE = 4;

  /**
   * What one image (or audio clip, or file) part is counted as before the provider reports usage:
   * OpenAI bills a high-detail 1024x1024 image at 765 tokens.
   */
  public static final int MEDIA_PART_TOKENS = 765;

  private TokenEstimator() {}

  public static int promptTokens(ChatRequest request) {
    int tokens = 3;
    for (ChatMessage message : request.messages()) {
      tokens += TOKENS_PER_MESSAGE + textTokens(message.content()) + message.extraTokens();
    }
    return tokens;
  }

  public static int textTokens(CharSequence text) {
    int ascii = 0;
    int ideographic = 0;
    int other = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        ascii++;
      } else if (isIdeographic(c)) {
        ideographic++;
      } else if (!Character.isLowSurrogate(c)) {
        other++;
      }
    }
    return (ascii + 3) / 4 + ideographic + (other * 2 + 4) / 5;
  }

  private static boolean isIdeographic(char c) {
    return (c >= 0x3040 && c <= 0x30ff) // kana
        || (c >= 0x3400 && c <= 0x9fff) // CJK ideographs
        || (c >= 0xac00 && c <= 0xd7af); // Hangul
  }
}
