package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import java.util.List;

/**
 * Writes the OpenAI {@code choices[0]} objects that a translating decoder hands on as {@link
 * UpstreamDelta}s: what a client of the Chat Completions endpoint gets is then the same whichever
 * wire format the provider spoke.
 */
public final class OpenAiChoices {

  private OpenAiChoices() {}

  /** The first piece of a tool call: its id and function name, no arguments yet. */
  public static UpstreamDelta toolCallStart(int index, String id, String name) {
    StringBuilder json = open();
    json.append("\"tool_calls\":[{\"index\":").append(index).append(",\"id\":");
    JsonText.quote(json, id).append(",\"type\":\"function\",\"function\":{\"name\":");
    JsonText.quote(json, name).append(",\"arguments\":\"\"}}]");
    return new UpstreamDelta(
        close(json, null),
        null,
        null,
        null,
        List.of(new UpstreamDelta.ToolCallFragment(index, id, "function", name, "")),
        null);
  }

  /** A fragment of a tool call's JSON arguments. */
  public static UpstreamDelta toolCallArguments(int index, String fragment) {
    StringBuilder json = open();
    json.append("\"tool_calls\":[{\"index\":")
        .append(index)
        .append(",\"function\":{\"arguments\":");
    JsonText.quote(json, fragment).append("}}]");
    return new UpstreamDelta(
        close(json, null),
        null,
        null,
        null,
        List.of(new UpstreamDelta.ToolCallFragment(index, null, null, null, fragment)),
        null);
  }

  /**
   * Reasoning text, under {@code reasoning_content} (DeepSeek's and vLLM's name, which the OpenAI
   * SDKs' users read) and OpenRouter's {@code reasoning}.
   */
  public static UpstreamDelta reasoning(String text) {
    StringBuilder json = open();
    json.append("\"reasoning_content\":");
    JsonText.quote(json, text).append(",\"reasoning\":");
    JsonText.quote(json, text);
    return new UpstreamDelta(close(json, null), null, text, null, List.of(), null);
  }

  /** A refusal (structured outputs' {@code refusal} field). */
  public static UpstreamDelta refusal(String text) {
    StringBuilder json = open();
    json.append("\"refusal\":");
    JsonText.quote(json, text);
    return new UpstreamDelta(close(json, null), null, null, text, List.of(), null);
  }

  private static StringBuilder open() {
    return new StringBuilder(96).append("{\"index\":0,\"delta\":{");
  }

  private static String close(StringBuilder json, String finishReason) {
    json.append("},\"finish_reason\":");
    if (finishReason == null) {
      json.append("null");
    } else {
      JsonText.quote(json, finishReason);
    }
    return json.append('}').toString();
  }
}
