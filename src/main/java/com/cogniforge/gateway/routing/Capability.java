package com.cogniforge.gateway.routing;

import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a model may be able to do beyond text, as {@code MODEL_CAPABILITIES} names it, and what a
 * request needs. Routing keeps a request off models that would fail it or silently ignore part of
 * it (an image the model cannot see, a schema it does not follow).
 */
public enum Capability {
  /** Image, audio or file content parts. */
  IMAGES,
  TOOLS,
  /** {@code response_format} of type {@code json_schema}. */
  JSON_SCHEMA,
  /** {@code reasoning_effort}. */
  REASONING;

  /** The name in {@code MODEL_CAPABILITIES}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What serving {@code request} takes beyond text. */
  public static Set<Capability> neededBy(ChatRequest request) {
    Set<Capability> needed = EnumSet.noneOf(Capability.class);
    for (ChatMessage message : request.messages()) {
      // Media parts are counted in extraTokens: a plain text message is skipped without a look.
      if (message.extraTokens() > 0 && hasMedia(message.json().get("content"))) {
        needed.add(IMAGES);
        break;
      }
    }
    JsonObject options = request.options();
    if (present(options.get("tools"))) {
      needed.add(TOOLS);
    }
    if (options.get("response_format") instanceof JsonObject format
        && format.get("type") instanceof JsonString type
        && type.getString().equals("json_schema")) {
      needed.add(JSON_SCHEMA);
    }
    if (present(options.get("reasoning_effort"))) {
      needed.add(REASONING);
    }
    return needed;
  }

  private static boolean present(JsonValue value) {
    return value != null && value != JsonValue.NULL;
  }

  private static boolean hasMedia(JsonValue content) {
    if (!(content instanceof JsonArray parts)) {
      return false;
    }
    for (JsonValue part : parts) {
      if (part instanceof JsonObject object
          && object.get("type") instanceof JsonString type
          && switch (type.getString()) {
            case "image_url", "input_audio", "file" -> true;
            default -> false;
          }) {
        return true;
      }
    }
    return false;
  }
}
