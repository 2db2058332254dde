package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * What one OpenAI {@code chat.completion.chunk} (or a full {@code chat.completion}) says, reduced
 * to what the gateway relays.
 *
 * @param text generated text of the first choice ({@code delta.content} or {@code
 *     message.content}), or {@code null}
 * @param finishReason the first choice's finish reason, or {@code null}
 * @param promptTokens reported prompt tokens, or -1
 * @param completionTokens reported completion tokens, or -1
 * @param error the provider's error message when the chunk is an error object, or {@code null}
 */
public record UpstreamChunk(
    String text, String finishReason, int promptTokens, int completionTokens, String error) {

  /**
   * Decodes a chunk.
   *
   * @throws UpstreamFailure of kind {@code MALFORMED_CHUNK} if it is not a JSON object
   */
  public static UpstreamChunk decode(String json) throws UpstreamFailure {
    JsonObject chunk;
    try {
      chunk = JsonText.parseObject(json);
    } catch (JsonException | IllegalStateException e) {
      throw new UpstreamFailure(
          UpstreamFailure.Kind.MALFORMED_CHUNK, "provider sent a chunk that is not a JSON object");
    }
    String error = errorMessage(chunk.get("error"));
    String text = null;
    String finishReason = null;
    JsonValue choices = chunk.get("choices");
    if (choices instanceof JsonArray array
        && !array.isEmpty()
        && array.get(0) instanceof JsonObject choice) {
      JsonObject part = objectOrNull(choice.get("delta"));
      if (part == null) {
        part = objectOrNull(choice.get("message"));
      }
      if (part != null && part.get("content") instanceof JsonString content) {
        text = content.getString();
      }
      if (choice.get("finish_reason") instanceof JsonString reason) {
        finishReason = reason.getString();
      }
    }
    int prompt = -1;
    int completion = -1;
    if (chunk.get("usage") instanceof JsonObject usage) {
      prompt = intOr(usage.get("prompt_tokens"));
      completion = intOr(usage.get("completion_tokens"));
    }
    return new UpstreamChunk(text, finishReason, prompt, completion, error);
  }

  public boolean hasUsage() {
    return promptTokens >= 0 || completionTokens >= 0;
  }

  private static String errorMessage(JsonValue error) {
    if (error == null || error == JsonValue.NULL) {
      return null;
    }
    if (error instanceof JsonObject object && object.get("message") instanceof JsonString message) {
      return message.getString();
    }
    return error instanceof JsonString text ? text.getString() : "provider reported an error";
  }

  private static JsonObject objectOrNull(JsonValue value) {
    return value instanceof JsonObject object ? object : null;
  }

  private static int intOr(JsonValue value) {
    return value instanceof JsonNumber number ? number.intValue() : -1;
  }
}
