package com.cogniforge.gateway.providers.simulated;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the simulated Anthropic provider answers, decided from the request alone: its stream as
 * frames (each a few SSE events, one frame per timer tick) and the same answer as one Message.
 *
 * @param frames the stream: the first frame opens the message, each next one carries one delta, the
 *     last closes it
 * @param message the whole Message, for a request without {@code stream}
 */
record SimulatedAnthropicAnswer(List<String> frames, String message) {

  static SimulatedAnthropicAnswer of(
      JsonObject body,
      String prompt,
      int wanted,
      int maxTokens,
      int[] cache,
      String error,
      int errorAfter) {
    String model = body.getString("model", "claude-simulated");
    String id = "msg_sim_" + Integer.toHexString(prompt.hashCode() & 0x7fffffff);
    Builder out = new Builder();
    out.event(
        "message_start",
        "{\"type\":\"message_start\",\"message\":{\"id\":\""
            + id
            + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":"
            + JsonText.quote(model)
            + ",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
            + cache[0]
            + ",\"cache_creation_input_tokens\":"
            + cache[1]
            + ",\"cache_read_input_tokens\":"
            + cache[2]
            + ",\"output_tokens\":1}}}");
    out.event("ping", "{\"type\":\"ping\"}");
    JsonArrayBuilder content = JsonText.BUILDERS.createArrayBuilder();
    int block = 0;

    if (body.get("thinking") instanceof JsonObject thinking
        && List.of("enabled", "adaptive").contains(thinking.getString("type", ""))) {
      int count =
          body.get("sim_reasoning_tokens") instanceof JsonNumber n ? Math.max(1, n.intValue()) : 8;
      String signature =
          Base64.getEncoder()
              .encodeToString(
                  ("sim-signature:" + prompt.hashCode()).getBytes(StandardCharsets.UTF_8));
      out.blockStart(block, "{\"type\":\"thinking\",\"thinking\":\"\"}");
      StringBuilder all = new StringBuilder();
      for (String token : SimulatedText.tokens("reasoning about " + prompt, count)) {
        all.append(token);
        out.delta(
            block, "{\"type\":\"thinking_delta\",\"thinking\":" + JsonText.quote(token) + "}");
      }
      out.delta(
          block, "{\"type\":\"signature_delta\",\"signature\":" + JsonText.quote(signature) + "}");
      out.blockStop(block++);
      content.add(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("type", "thinking")
              .add("thinking", all.toString())
              .add("signature", signature));
    }

    List<JsonObject> calls = toolsToCall(body);
    String stopReason;
    if (!calls.isEmpty()) {
      for (int i = 0; i < calls.size(); i++) {
        JsonObject tool = calls.get(i);
        String name = tool.getString("name");
        String arguments = arguments(tool, prompt);
        String toolId =
            "toolu_sim_" + Integer.toHexString((prompt + name).hashCode() & 0xfffffff) + i;
        out.blockStart(
            block,
            "{\"type\":\"tool_use\",\"id\":\""
                + toolId
                + "\",\"name\":"
                + JsonText.quote(name)
                + ",\"input\":{}}");
        int n = arguments.length();
        for (String piece :
            List.of(
                arguments.substring(0, n / 3),
                arguments.substring(n / 3, 2 * n / 3),
                arguments.substring(2 * n / 3))) {
          if (!piece.isEmpty()) {
            out.delta(
                block,
                "{\"type\":\"input_json_delta\",\"partial_json\":" + JsonText.quote(piece) + "}");
          }
        }
        out.blockStop(block++);
        content.add(
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("type", "tool_use")
                .add("id", toolId)
                .add("name", name)
                .add("input", JsonText.parseObject(arguments)));
      }
      stopReason = "tool_use";
    } else {
      List<String> tokens = new ArrayList<>();
      String toolResult = lastToolResult(body.getJsonArray("messages"));
      if (toolResult != null) {
        tokens.add("The tool returned \"" + toolResult + "\". ");
      }
      int images = images(body.getJsonArray("messages"));
      if (images > 0) {
        tokens.add("I see " + images + (images == 1 ? " image. " : " images. "));
      }
      tokens.addAll(SimulatedText.tokens(prompt, Math.max(1, Math.min(wanted, maxTokens))));
      if (body.get("output_config") instanceof JsonObject config
          && config.get("format") instanceof JsonObject) {
        String answer = String.join("", tokens);
        tokens = List.of("{\"answer\":" + JsonText.quote(answer) + "}");
      }
      out.blockStart(block, "{\"type\":\"text\",\"text\":\"\"}");
      for (int i = 0; i < tokens.size(); i++) {
        if (i == errorAfter && error != null) {
          out.error(error);
          return out.done(null);
        }
        out.delta(
            block, "{\"type\":\"text_delta\",\"text\":" + JsonText.quote(tokens.get(i)) + "}");
      }
      out.blockStop(block);
      content.add(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("type", "text")
              .add("text", String.join("", tokens)));
      stopReason = wanted > maxTokens ? "max_tokens" : "end_turn";
    }
    if (error != null) { // after more deltas than there were
      out.error(error);
      return out.done(null);
    }
    int outputTokens = out.deltas;
    out.event(
        "message_delta",
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
            + stopReason
            + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
            + outputTokens
            + "}}");
    out.event("message_stop", "{\"type\":\"message_stop\"}");
    JsonObject message =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("id", id)
            .add("type", "message")
            .add("role", "assistant")
            .add("model", model)
            .add("content", content)
            .add("stop_reason", stopReason)
            .add("stop_sequence", JsonValue.NULL)
            .add(
                "usage",
                JsonText.BUILDERS
                    .createObjectBuilder()
                    .add("input_tokens", cache[0])
                    .add("cache_creation_input_tokens", cache[1])
                    .add("cache_read_input_tokens", cache[2])
                    .add("output_tokens", outputTokens))
            .build();
    return out.done(JsonText.write(message));
  }

  /** Anthropic's error body: {@code {"type":"error","error":{"type":..,"message":..}}}. */
  static String error(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":"
        + JsonText.quote(type)
        + ",\"message\":"
        + JsonText.quote(message)
        + "}}";
  }

  /** The text of the system prompt and every message, for token counts and the answer's seed. */
  static String promptText(JsonObject body) {
    StringBuilder prompt = new StringBuilder();
    appendText(body.get("system"), prompt);
    if (body.get("messages") instanceof JsonArray messages) {
      for (JsonValue message : messages) {
        if (message instanceof JsonObject object) {
          appendText(object.get("content"), prompt);
        }
      }
    }
    return prompt.toString();
  }

  private static void appendText(JsonValue content, StringBuilder out) {
    if (content instanceof JsonString text) {
      out.append(text.getString()).append('\n');
    } else if (content instanceof JsonArray blocks) {
      for (JsonValue block : blocks) {
        if (block instanceof JsonObject object) {
          if (object.get("text") instanceof JsonString text) {
            out.append(text.getString()).append('\n');
          } else if ("tool_result".equals(object.getString("type", ""))) {
            appendText(object.get("content"), out);
          }
        }
      }
    }
  }

  /** The tools to call now: none once a tool has answered, or when tool_choice is none. */
  private static List<JsonObject> toolsToCall(JsonObject body) {
    if (!(body.get("tools") instanceof JsonArray tools)
        || tools.isEmpty()
        || lastToolResult(body.getJsonArray("messages")) != null) {
      return List.of();
    }
    JsonObject choice =
        body.get("tool_choice") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
    if (choice.getString("type", "auto").equals("none")) {
      return List.of();
    }
    List<JsonObject> named = new ArrayList<>();
    for (JsonValue tool : tools) {
      if (tool instanceof JsonObject object && object.get("name") instanceof JsonString) {
        named.add(object);
      }
    }
    if (choice.get("name") instanceof JsonString wanted) {
      return named.stream()
          .filter(t -> t.getString("name").equals(wanted.getString()))
          .limit(1)
          .toList();
    }
    boolean parallel = !choice.getBoolean("disable_parallel_tool_use", false);
    return named.subList(0, Math.min(named.size(), parallel ? 2 : 1));
  }

  /** Input that fits the tool's schema: strings quote the prompt's start. */
  private static String arguments(JsonObject tool, String prompt) {
    JsonObjectBuilder input = JsonText.BUILDERS.createObjectBuilder();
    if (tool.get("input_schema") instanceof JsonObject schema
        && schema.get("properties") instanceof JsonObject properties) {
      String words = prompt.strip().replaceAll("\\s+", " ");
      words = words.length() > 24 ? words.substring(0, 24).strip() : words;
      for (Map.Entry<String, JsonValue> property : properties.entrySet()) {
        String type = property.getValue() instanceof JsonObject p ? p.getString("type", "") : "";
        switch (type) {
          case "integer", "number" -> input.add(property.getKey(), 1);
          case "boolean" -> input.add(property.getKey(), true);
          case "array" -> input.add(property.getKey(), JsonValue.EMPTY_JSON_ARRAY);
          case "object" -> input.add(property.getKey(), JsonValue.EMPTY_JSON_OBJECT);
          default -> input.add(property.getKey(), words);
        }
      }
    }
    return JsonText.write(input.build());
  }

  private static String lastToolResult(JsonArray messages) {
    String result = null;
    for (JsonValue message : messages) {
      if (message instanceof JsonObject object
          && object.get("content") instanceof JsonArray blocks) {
        for (JsonValue block : blocks) {
          if (block instanceof JsonObject b && "tool_result".equals(b.getString("type", ""))) {
            StringBuilder text = new StringBuilder();
            appendText(b.get("content"), text);
            result = text.toString().strip();
          }
        }
      }
    }
    return result;
  }

  private static int images(JsonArray messages) {
    int images = 0;
    for (JsonValue message : messages) {
      if (message instanceof JsonObject object
          && object.get("content") instanceof JsonArray blocks) {
        for (JsonValue block : blocks) {
          if (block instanceof JsonObject b && "image".equals(b.getString("type", ""))) {
            images++;
          }
        }
      }
    }
    return images;
  }

  /** Collects events into frames: structural events ride with the next delta. */
  private static final class Builder {
    final List<String> frames = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    int deltas;

    void event(String name, String data) {
      pending.append("event: ").append(name).append("\ndata: ").append(data).append("\n\n");
    }

    void blockStart(int index, String block) {
      event(
          "content_block_start",
          "{\"type\":\"content_block_start\",\"index\":"
              + index
              + ",\"content_block\":"
              + block
              + "}");
    }

    void delta(int index, String delta) {
      event(
          "content_block_delta",
          "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
      deltas++;
      frames.add(pending.toString());
      pending = new StringBuilder();
    }

    void blockStop(int index) {
      event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    void error(String type) {
      event("error", SimulatedAnthropicAnswer.error(type, "Simulated " + type.replace('_', ' ')));
    }

    SimulatedAnthropicAnswer done(String message) {
      if (!pending.isEmpty()) {
        frames.add(pending.toString());
      }
      return new SimulatedAnthropicAnswer(
          frames,
          message != null
              ? message
              : SimulatedAnthropicAnswer.error("api_error", "Simulated failure"));
    }
  }
}
