package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the relay's OpenAI-shaped output (text, choice deltas with tool-call fragments, reasoning
 * and signatures) into Anthropic's content blocks and stream events: {@code message_start}, then
 * per block {@code content_block_start}, its deltas ({@code text_delta}, {@code input_json_delta},
 * {@code thinking_delta}, {@code signature_delta}) and {@code content_block_stop}, then {@code
 * message_delta} (stop reason, usage) and {@code message_stop}. The blocks are kept, so that a
 * non-streamed answer is the same events folded into one Message ({@link #message}).
 *
 * <p>Anthropic's blocks follow one another; OpenAI's parallel tool calls may interleave their
 * fragments. The first call streams live; a call that starts while another is live is held back
 * whole and sent after it, when the next block of another kind starts or the message ends.
 *
 * <p>Not thread-safe: the client stream that owns it serializes calls.
 */
final class MessageEvents {

  /** Where events go: the SSE writer, or nowhere for a non-streamed answer. */
  interface Sink {
    /** Returns false when the client is gone. */
    boolean event(String type, String json);
  }

  private static final class Block {
    final String type; // text, thinking, redacted_thinking, tool_use
    final StringBuilder content = new StringBuilder(); // text, thinking, data, input JSON
    String signature;
    String id;
    String name;

    Block(String type) {
      this.type = type;
    }
  }

  /** A tool call held back while another streams: its id, name and arguments so far. */
  private static final class HeldCall {
    String id;
    String name;
    final StringBuilder arguments = new StringBuilder();
  }

  private final Sink sink;
  private final List<Block> blocks = new ArrayList<>();
  private Block open; // the block whose events are being sent, or null
  private Integer liveTool; // the OpenAI tool-call index of the open tool_use block
  private final TreeMap<Integer, HeldCall> held = new TreeMap<>();
  private final java.util.Set<Integer> sentTools = new java.util.HashSet<>();
  private String messageId;
  private boolean ok = true;

  MessageEvents(Sink sink) {
    this.sink = sink;
  }

  /** {@code message_start}, with the gateway's estimate of the input (the end has the count). */
  boolean start(String id, String model, int estimatedInputTokens) {
    this.messageId = id;
    StringBuilder json = new StringBuilder(256).append("{\"type\":\"message_start\",\"message\":");
    JsonText.quote(json.append("{\"id\":"), id)
        .append(",\"type\":\"message\",\"role\":\"assistant\"");
    JsonText.quote(json.append(",\"model\":"), model)
        .append(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":")
        .append("{\"input_tokens\":")
        .append(estimatedInputTokens)
        .append(",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0")
        .append(",\"output_tokens\":0}}}");
    return emit("message_start", json.toString());
  }

  boolean text(String text) {
    if (text == null || text.isEmpty()) {
      return ok;
    }
    if (open == null || !open.type.equals("text")) {
      begin(new Block("text"), "{\"type\":\"text\",\"text\":\"\"}");
    }
    open.content.append(text);
    return delta("text_delta", "text", text);
  }

  boolean delta(UpstreamDelta delta) {
    if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
      if (open == null || !open.type.equals("thinking") || open.signature != null) {
        begin(
            new Block("thinking"), "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}");
      }
      open.content.append(delta.reasoning());
      delta("thinking_delta", "thinking", delta.reasoning());
    }
    if (delta.choiceJson() != null && delta.choiceJson().contains("\"reasoning_details\"")) {
      signedReasoning(delta.choiceJson());
    }
    text(delta.text());
    text(delta.refusal()); // Anthropic has no refusal block; the stop reason says refusal
    for (UpstreamDelta.ToolCallFragment fragment : delta.toolCalls()) {
      toolFragment(fragment);
    }
    return ok;
  }

  /** {@code ping}: a heartbeat the SDKs skip. */
  boolean ping() {
    return emit("ping", "{\"type\":\"ping\"}");
  }

  /** Closes the last block, sends the held-back calls, then {@code message_delta}, message_stop. */
  boolean finish(StreamSummary summary) {
    close();
    flushHeld();
    StringBuilder json =
        new StringBuilder(200).append("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":");
    JsonText.quote(json, stopReason(summary.finishReason()))
        .append(",\"stop_sequence\":null},\"usage\":");
    usage(json, summary);
    emit("message_delta", json.append('}').toString());
    return emit("message_stop", "{\"type\":\"message_stop\"}");
  }

  /** The whole Message of a non-streamed answer: the blocks sent, the stop reason and usage. */
  String message(String model, StreamSummary summary) {
    close();
    flushHeld();
    StringBuilder json = new StringBuilder(512);
    JsonText.quote(json.append("{\"id\":"), messageId)
        .append(",\"type\":\"message\",\"role\":\"assistant\"");
    JsonText.quote(json.append(",\"model\":"), model).append(",\"content\":[");
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      json.append(i == 0 ? "" : ",");
      switch (block.type) {
        case "text" ->
            JsonText.quote(json.append("{\"type\":\"text\",\"text\":"), block.content.toString())
                .append('}');
        case "thinking" -> {
          JsonText.quote(
              json.append("{\"type\":\"thinking\",\"thinking\":"), block.content.toString());
          JsonText.quote(
                  json.append(",\"signature\":"), block.signature == null ? "" : block.signature)
              .append('}');
        }
        case "redacted_thinking" ->
            JsonText.quote(
                    json.append("{\"type\":\"redacted_thinking\",\"data\":"),
                    block.content.toString())
                .append('}');
        default -> {
          JsonText.quote(json.append("{\"type\":\"tool_use\",\"id\":"), block.id);
          JsonText.quote(json.append(",\"name\":"), block.name);
          json.append(",\"input\":").append(toolInput(block.content.toString())).append('}');
        }
      }
    }
    json.append("],\"stop_reason\":");
    JsonText.quote(json, stopReason(summary.finishReason()))
        .append(",\"stop_sequence\":null,\"usage\":");
    usage(json, summary);
    return json.append('}').toString();
  }

  /**
   * OpenAI's finish reason as Anthropic's stop reason: {@code length} is max_tokens, {@code
   * tool_calls} tool_use, {@code content_filter} refusal; {@code stop} is end_turn (OpenAI does not
   * say whether a stop sequence ended the answer), or tool_use when the answer called tools.
   */
  String stopReason(String finishReason) {
    String reason = finishReason == null ? "stop" : finishReason;
    return switch (reason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      default -> sentTools.isEmpty() ? "end_turn" : "tool_use";
    };
  }

  /**
   * Anthropic counts the prompt in three parts: {@code input_tokens} (neither read from nor written
   * to the cache), {@code cache_read_input_tokens} and {@code cache_creation_input_tokens}; the
   * summary's prompt tokens are all three together.
   */
  private static void usage(StringBuilder json, StreamSummary summary) {
    int cacheRead = Math.max(0, summary.cachedPromptTokens());
    int cacheWrite = Math.max(0, summary.cacheWriteTokens());
    int input = Math.max(0, summary.promptTokens() - cacheRead - cacheWrite);
    json.append("{\"input_tokens\":")
        .append(input)
        .append(",\"cache_creation_input_tokens\":")
        .append(cacheWrite)
        .append(",\"cache_read_input_tokens\":")
        .append(cacheRead)
        .append(",\"output_tokens\":")
        .append(Math.max(0, summary.completionTokens()))
        .append('}');
  }

  /**
   * Signatures and redacted thinking travel in OpenRouter's {@code reasoning_details} (the
   * Anthropic adapter writes them so, OpenRouter sends them so for Claude): a signature ends the
   * open thinking block, encrypted reasoning is a redacted_thinking block of its own.
   */
  private void signedReasoning(String choiceJson) {
    JsonArray details;
    try {
      JsonObject choice = JsonText.parseObject(choiceJson);
      if (!(choice.get("delta") instanceof JsonObject d
          && d.get("reasoning_details") instanceof JsonArray array)) {
        return;
      }
      details = array;
    } catch (RuntimeException notJson) {
      return;
    }
    for (JsonValue value : details) {
      if (!(value instanceof JsonObject detail)) {
        continue;
      }
      String type = detail.getString("type", "");
      if (type.equals("reasoning.text") && detail.get("signature") instanceof JsonString s) {
        if (open == null || !open.type.equals("thinking")) {
          begin(
              new Block("thinking"),
              "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}");
        }
        open.signature = open.signature == null ? s.getString() : open.signature + s.getString();
        delta("signature_delta", "signature", s.getString());
      } else if (type.equals("reasoning.encrypted") && detail.get("data") instanceof JsonString d) {
        Block block = new Block("redacted_thinking");
        block.content.append(d.getString());
        StringBuilder start = new StringBuilder("{\"type\":\"redacted_thinking\",\"data\":");
        begin(block, JsonText.quote(start, d.getString()).append('}').toString());
        close();
      }
    }
  }

  private void toolFragment(UpstreamDelta.ToolCallFragment fragment) {
    int index = fragment.index();
    boolean starts = fragment.name() != null && !fragment.name().isEmpty();
    if (liveTool != null && liveTool == index) {
      if (fragment.arguments() != null && !fragment.arguments().isEmpty()) {
        open.content.append(fragment.arguments());
        delta("input_json_delta", "partial_json", fragment.arguments());
      }
      return;
    }
    if (starts && held.isEmpty() && !sentTools.contains(index) && liveTool == null) {
      Block block = new Block("tool_use");
      block.id = toolId(fragment.id(), index);
      block.name = fragment.name();
      beginTool(block, index);
      if (fragment.arguments() != null && !fragment.arguments().isEmpty()) {
        open.content.append(fragment.arguments());
        delta("input_json_delta", "partial_json", fragment.arguments());
      }
      return;
    }
    HeldCall call = held.computeIfAbsent(index, i -> new HeldCall());
    if (fragment.id() != null && !fragment.id().isEmpty()) {
      call.id = fragment.id();
    }
    if (starts) {
      call.name = call.name == null ? fragment.name() : call.name + fragment.name();
    }
    if (fragment.arguments() != null) {
      call.arguments.append(fragment.arguments());
    }
  }

  /** Held-back tool calls, each one whole block, in their index order. */
  private void flushHeld() {
    while (!held.isEmpty()) {
      Map.Entry<Integer, HeldCall> entry = held.pollFirstEntry();
      HeldCall call = entry.getValue();
      Block block = new Block("tool_use");
      block.id = toolId(call.id, entry.getKey());
      block.name = call.name == null ? "" : call.name;
      beginTool(block, entry.getKey());
      if (call.arguments.length() > 0) {
        open.content.append(call.arguments);
        delta("input_json_delta", "partial_json", call.arguments.toString());
      }
      close();
    }
  }

  private void beginTool(Block block, int index) {
    StringBuilder start = new StringBuilder("{\"type\":\"tool_use\",\"id\":");
    JsonText.quote(start, block.id);
    JsonText.quote(start.append(",\"name\":"), block.name).append(",\"input\":{}}");
    begin(block, start.toString());
    liveTool = index;
    sentTools.add(index);
  }

  private String toolId(String given, int index) {
    return given != null && !given.isEmpty()
        ? given
        : "toolu_" + (messageId == null ? "" : messageId.replace("msg_", "")) + "_" + index;
  }

  /** Closes the open block and opens {@code block}, whose start event carries {@code json}. */
  private void begin(Block block, String contentBlockJson) {
    close();
    if (!block.type.equals("tool_use")) {
      flushHeld(); // calls held back go before the next text or thinking
    }
    blocks.add(block);
    open = block;
    StringBuilder json = new StringBuilder(64 + contentBlockJson.length());
    json.append("{\"type\":\"content_block_start\",\"index\":")
        .append(blocks.size() - 1)
        .append(",\"content_block\":")
        .append(contentBlockJson)
        .append('}');
    emit("content_block_start", json.toString());
  }

  private void close() {
    if (open == null) {
      return;
    }
    int index = blocks.indexOf(open);
    open = null;
    liveTool = null;
    emit("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  private boolean delta(String type, String field, String value) {
    StringBuilder json = new StringBuilder(80 + value.length());
    json.append("{\"type\":\"content_block_delta\",\"index\":")
        .append(blocks.size() - 1)
        .append(",\"delta\":{\"type\":\"")
        .append(type)
        .append("\",\"")
        .append(field)
        .append("\":");
    JsonText.quote(json, value).append("}}");
    return emit("content_block_delta", json.toString());
  }

  private boolean emit(String type, String json) {
    if (ok) {
      ok = sink.event(type, json);
    }
    return ok;
  }

  /** A tool call's arguments as its input object ({} for none, or if they are not an object). */
  private static String toolInput(String arguments) {
    if (arguments.isBlank()) {
      return "{}";
    }
    try {
      return JsonText.write(JsonText.parseObject(arguments));
    } catch (RuntimeException notAnObject) {
      return "{}";
    }
  }
}
