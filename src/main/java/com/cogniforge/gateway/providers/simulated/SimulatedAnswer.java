package com.cogniforge.gateway.providers.simulated;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.OpenAiWire;
import com.cogniforge.gateway.providers.UpstreamDelta.ToolCallFragment;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the simulated provider answers, decided from the request alone, so tests can predict it:
 *
 * <ul>
 *   <li>with {@code tools} and no tool result in the conversation yet, it calls the first tool (or
 *       the one {@code tool_choice} names), its arguments streamed in 2-3 fragments; two
 *       interleaved calls when two tools are offered and {@code parallel_tool_calls} is not false;
 *   <li>after a tool result, its text starts by quoting the last result;
 *   <li>{@code sim_reasoning_tokens: N} streams N {@code reasoning_content} deltas first;
 *   <li>image parts are acknowledged ("I see 1 image."), and a {@code json_object} or {@code
 *       json_schema} response format gets a JSON answer (one that fits the schema's top-level
 *       properties).
 * </ul>
 *
 * @param deltas the streamed deltas, each a JSON object ({@code {"content":"..."}}...), in order
 * @param text the whole text, for a non-streaming answer
 * @param reasoning the whole reasoning, or {@code null}
 * @param toolCalls the whole tool calls (arguments complete), possibly empty
 * @param finish the finish reason
 * @param completionTokens the completion's tokens, reasoning included (a JSON answer is one delta
 *     but counts the words inside it)
 * @param reasoningTokens the reasoning's tokens, reported as {@code
 *     completion_tokens_details.reasoning_tokens} as OpenAI's reasoning models do
 */
record SimulatedAnswer(
    List<String> deltas,
    String text,
    String reasoning,
    List<ToolCallFragment> toolCalls,
    String finish,
    int completionTokens,
    int reasoningTokens) {

  static SimulatedAnswer of(JsonObject body, JsonArray messages, String prompt, int count) {
    List<String> deltas = new ArrayList<>();
    String reasoning = null;
    int reasoningTokens =
        body.get("sim_reasoning_tokens") instanceof JsonNumber n ? Math.max(0, n.intValue()) : 0;
    if (reasoningTokens > 0) {
      StringBuilder all = new StringBuilder();
      for (String token : SimulatedText.tokens("reasoning about " + prompt, reasoningTokens)) {
        all.append(token);
        deltas.add(delta("reasoning_content", token));
      }
      reasoning = all.toString();
    }
    List<JsonObject> calls = toolsToCall(body, messages);
    if (!calls.isEmpty()) {
      List<ToolCallFragment> whole = new ArrayList<>();
      List<List<String>> fragments = new ArrayList<>();
      for (int i = 0; i < calls.size(); i++) {
        String name = calls.get(i).getString("name");
        String arguments = arguments(calls.get(i), prompt);
        String id = "call_sim_" + Integer.toHexString((prompt + name).hashCode() & 0xfffffff) + i;
        whole.add(new ToolCallFragment(i, id, "function", name, arguments));
        fragments.add(split(arguments));
        // The first chunk of a call: its id, type and name, and no arguments yet.
        deltas.add(
            "{\"tool_calls\":[{\"index\":"
                + i
                + ",\"id\":"
                + JsonText.quote(new StringBuilder(), id)
                + ",\"type\":\"function\",\"function\":{\"name\":"
                + JsonText.quote(new StringBuilder(), name)
                + ",\"arguments\":\"\"}}]}");
      }
      // Fragments interleaved: one call's piece, then the other's; the last pieces share a chunk.
      int most = fragments.stream().mapToInt(List::size).max().orElse(0);
      for (int piece = 0; piece < most; piece++) {
        List<String> inChunk = new ArrayList<>();
        for (int call = 0; call < fragments.size(); call++) {
          if (piece < fragments.get(call).size()) {
            inChunk.add(
                "{\"index\":"
                    + call
                    + ",\"function\":{\"arguments\":"
                    + JsonText.quote(new StringBuilder(), fragments.get(call).get(piece))
                    + "}}");
          }
        }
        if (piece == most - 1 || inChunk.size() == 1) {
          deltas.add("{\"tool_calls\":[" + String.join(",", inChunk) + "]}");
        } else {
          for (String one : inChunk) {
            deltas.add("{\"tool_calls\":[" + one + "]}");
          }
        }
      }
      return new SimulatedAnswer(
          deltas, "", reasoning, whole, "tool_calls", deltas.size(), reasoningTokens);
    }
    List<String> tokens = new ArrayList<>();
    String toolResult = lastToolResult(messages);
    if (toolResult != null) {
      words("The tool returned \"" + toolResult + "\". ", tokens);
    }
    int images = imageParts(messages);
    if (images > 0) {
      words("I see " + images + (images == 1 ? " image. " : " images. "), tokens);
    }
    tokens.addAll(SimulatedText.tokens(prompt, count));
    int completionTokens = deltas.size() + tokens.size();
    if (wantsJson(body)) {
      String answer = String.join("", tokens);
      tokens.clear();
      tokens.add(jsonAnswer(body, answer));
    }
    for (String token : tokens) {
      deltas.add(delta("content", token));
    }
    return new SimulatedAnswer(
        deltas,
        String.join("", tokens),
        reasoning,
        List.of(),
        null,
        completionTokens,
        reasoningTokens);
  }

  /** The chunk's choice around one of {@link #deltas}. */
  static String choice(String delta) {
    return "{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":null}";
  }

  /** The whole {@code chat.completion} of a non-streaming answer. */
  String completion(String id, long created, String model, String finishReason, int prompt) {
    return OpenAiWire.completion(
        id,
        created,
        model,
        text,
        reasoning,
        null,
        toolCalls,
        finishReason,
        prompt,
        completionTokens,
        0,
        reasoningTokens,
        Double.NaN);
  }

  private static String delta(String field, String value) {
    StringBuilder out = new StringBuilder(value.length() + 24).append("{\"");
    return JsonText.quote(out.append(field).append("\":"), value).append('}').toString();
  }

  private static void words(String text, List<String> tokens) {
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        if (i > start) {
          tokens.add(text.substring(start, i));
        }
        start = i;
      }
    }
  }

  /** The functions to call now: none once a tool has answered, or when tool_choice is none. */
  private static List<JsonObject> toolsToCall(JsonObject body, JsonArray messages) {
    if (!(body.get("tools") instanceof JsonArray tools) || tools.isEmpty()) {
      return List.of();
    }
    for (JsonValue message : messages) {
      if (message instanceof JsonObject object && "tool".equals(object.getString("role", ""))) {
        return List.of();
      }
    }
    JsonValue choice = body.get("tool_choice");
    if (choice instanceof JsonString mode && mode.getString().equals("none")) {
      return List.of();
    }
    List<JsonObject> functions = new ArrayList<>();
    for (JsonValue tool : tools) {
      if (tool instanceof JsonObject object && object.get("function") instanceof JsonObject f) {
        functions.add(f);
      }
    }
    if (functions.isEmpty()) {
      return List.of();
    }
    if (choice instanceof JsonObject named
        && named.get("function") instanceof JsonObject f
        && f.get("name") instanceof JsonString name) {
      for (JsonObject function : functions) {
        if (name.getString().equals(function.getString("name", null))) {
          return List.of(function);
        }
      }
    }
    boolean parallel = body.get("parallel_tool_calls") != JsonValue.FALSE;
    return parallel && functions.size() >= 2 ? functions.subList(0, 2) : functions.subList(0, 1);
  }

  /** Arguments that fit the function's parameters: strings quote the prompt's start. */
  private static String arguments(JsonObject function, String prompt) {
    String words = prompt.strip().replaceAll("\\s+", " ");
    words = words.length() > 24 ? words.substring(0, 24).strip() : words;
    return function.get("parameters") instanceof JsonObject parameters
            && parameters.get("properties") instanceof JsonObject properties
        ? fitting(properties, words)
        : "{}";
  }

  /**
   * The JSON answer: an object that fits a {@code json_schema}'s properties, nested ones included
   * (strings carry the text), else {@code {"answer": text}}, so that clients validating against
   * their schema accept it.
   */
  private static String jsonAnswer(JsonObject body, String text) {
    if (body.get("response_format") instanceof JsonObject format
        && format.get("json_schema") instanceof JsonObject named
        && named.get("schema") instanceof JsonObject schema
        && schema.get("properties") instanceof JsonObject properties
        && !properties.isEmpty()) {
      return fitting(properties, text);
    }
    return JsonText.quote(new StringBuilder("{\"answer\":"), text).append('}').toString();
  }

  /**
   * An object with each property: its first enum value, else by type, nested objects and arrays
   * filled the same way (an array holds one item); strings are {@code text}. Nesting stops at a
   * depth of 8, so that a recursive or hostile schema cannot make the answer explode.
   */
  private static String fitting(JsonObject properties, String text) {
    return fitting(properties, text, 0, new StringBuilder()).toString();
  }

  private static StringBuilder fitting(
      JsonObject properties, String text, int depth, StringBuilder out) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonValue> property : properties.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      JsonText.quote(out, property.getKey()).append(':');
      value(property.getValue(), text, depth + 1, out);
    }
    return out.append('}');
  }

  private static void value(JsonValue schemaValue, String text, int depth, StringBuilder out) {
    JsonObject schema =
        schemaValue instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
    if (schema.get("enum") instanceof JsonArray values && !values.isEmpty()) {
      out.append(values.get(0)); // a JsonValue prints as JSON
      return;
    }
    if (schema.containsKey("const")) {
      out.append(schema.get("const"));
      return;
    }
    boolean deeper = depth < 8;
    switch (schema.get("type") instanceof JsonString type ? type.getString() : "") {
      case "integer", "number" -> out.append(1);
      case "boolean" -> out.append(true);
      case "null" -> out.append("null");
      case "array" -> {
        out.append('[');
        if (deeper && schema.get("items") instanceof JsonObject items) {
          value(items, text, depth + 1, out);
        }
        out.append(']');
      }
      case "object" -> {
        if (deeper && schema.get("properties") instanceof JsonObject nested) {
          fitting(nested, text, depth, out);
        } else {
          out.append("{}");
        }
      }
      default -> JsonText.quote(out, text);
    }
  }

  /** Two or three pieces, cut anywhere (inside strings too, as real providers do). */
  private static List<String> split(String arguments) {
    int n = arguments.length();
    if (n < 3) {
      return List.of(arguments);
    }
    if (n < 12) {
      return List.of(arguments.substring(0, n / 2), arguments.substring(n / 2));
    }
    return List.of(
        arguments.substring(0, n / 3),
        arguments.substring(n / 3, 2 * n / 3),
        arguments.substring(2 * n / 3));
  }

  private static String lastToolResult(JsonArray messages) {
    String result = null;
    for (JsonValue message : messages) {
      if (message instanceof JsonObject object && "tool".equals(object.getString("role", ""))) {
        result = text(object.get("content"));
      }
    }
    return result;
  }

  static String text(JsonValue content) {
    if (content instanceof JsonString text) {
      return text.getString();
    }
    StringBuilder out = new StringBuilder();
    if (content instanceof JsonArray parts) {
      for (JsonValue part : parts) {
        if (part instanceof JsonObject object && object.get("text") instanceof JsonString text) {
          out.append(text.getString());
        }
      }
    }
    return out.toString();
  }

  private static int imageParts(JsonArray messages) {
    int images = 0;
    for (JsonValue message : messages) {
      if (message instanceof JsonObject object
          && object.get("content") instanceof JsonArray parts) {
        for (JsonValue part : parts) {
          if (part instanceof JsonObject p && "image_url".equals(p.getString("type", ""))) {
            images++;
          }
        }
      }
    }
    return images;
  }

  private static boolean wantsJson(JsonObject body) {
    return body.get("response_format") instanceof JsonObject format
        && List.of("json_object", "json_schema").contains(format.getString("type", ""));
  }
}
