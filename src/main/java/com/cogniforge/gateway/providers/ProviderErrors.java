package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/** Turns a provider's error body into a short, single-line message fit for a client. */
final class ProviderErrors {

  private static final int MAX_CHARS = 300;

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
    String oneLine = text.replaceAll("\\p{Cntrl}+", " ").trim();
    return oneLine.length() <= MAX_CHARS ? oneLine : oneLine.substring(0, MAX_CHARS) + "...";
  }
}
