package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.regex.Pattern;

/**
 * Turns a provider's error body into a short, single-line message fit for a client. Providers echo
 * credentials back (OpenAI's 401 names the key's last characters), so anything key-like is masked.
 */
final class ProviderErrors {

  private static final int MAX_CHARS = 300;

  /**
   * {@code sk-...}/{@code rk-...}/{@code pk-...} (OpenAI, Anthropic, OpenRouter), Google's {@code
   * AIza...} API keys, our {@code cfk_...} and {@code Bearer <token>}.
   */
  private static final Pattern KEY_LIKE =
      Pattern.compile(
          "(?i)\\b(?:sk|rk|pk)-[A-Za-z0-9_*.\\-]*|\\bcfk_[A-Za-z0-9_*\\-]*"
              + "|\\bbearer\\s+\\S+"
              + "|(?-i:\\bAIza)[A-Za-z0-9_*\\-]*");

  private ProviderErrors() {}

  static String summarize(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonObject json = JsonText.parseObject(body);
      if (json.get("error") instanceof JsonObject error
          && error.get("message") instanceof JsonString message) {
        return clip(message.getString());
      }
      if (json.get("error") instanceof JsonString message) {
        return clip(message.getString());
      }
    } catch (RuntimeException notJson) {
      // fall through: show the start of the raw body
    }
    return clip(body);
  }

  static String clip(String text) {
    String oneLine =
        KEY_LIKE.matcher(text.replaceAll("\\p{Cntrl}+", " ")).replaceAll("[redacted]").trim();
    return oneLine.length() <= MAX_CHARS ? oneLine : oneLine.substring(0, MAX_CHARS) + "...";
  }
}
