package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads one Anthropic Messages stream into OpenAI-shaped chunks. Anthropic numbers content blocks
 * (text, tool_use, thinking) in one sequence; OpenAI numbers tool calls alone, so tool_use blocks
 * get tool-call indexes from 0 in their order. Thinking goes out as {@code reasoning_content} and
 * {@code reasoning}, and with its signature as OpenRouter's {@code reasoning_details}, which a
 * client sends back so that a tool loop with thinking continues ({@link AnthropicTurns}). Token
 * counts arrive at the start (input, cache reads, cache writes) and at the end (output, possibly
 * updated input): they go out once, with the finish reason.
 */
final class AnthropicStreamDecoder implements StreamDecoder {

  /** Per Anthropic block index: the OpenAI tool-call index of a tool_use block. */
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();

  /** Per Anthropic block index: the {@code reasoning_details} index of a thinking block. */
  private final Map<Integer, Integer> reasoningIndexByBlock = new HashMap<>();

  private int nextToolIndex;
  private int nextReasoningIndex;
  private int inputTokens = -1;
  private int cacheReadTokens = -1;
  private int cacheWriteTokens = -1;
  private int outputTokens = -1;
  private int thinkingTokens = -1;
  private boolean usageSent;

  @Override
  public boolean decode(String data, Consumer<UpstreamChunk> out) throws UpstreamFailure {
    JsonObject event;
    try {
      event = JsonText.parseObject(data);
    } catch (RuntimeException notJson) {
      throw new UpstreamFailure(
          UpstreamFailure.Kind.MALFORMED_CHUNK, "provider sent an event that is not a JSON object");
    }
    switch (event.getString("type", "")) {
      case "message_start" -> {
        if (event.get("message") instanceof JsonObject message) {
          if (message.get("model") instanceof JsonString model) {
            out.accept(UpstreamChunk.ofModel(model.getString()));
          }
          readUsage(message.get("usage"));
        }
      }
      case "content_block_start" -> blockStart(event, out);
      case "content_block_delta" -> blockDelta(event, out);
      case "message_delta" -> {
        readUsage(event.get("usage"));
        if (event.get("delta") instanceof JsonObject delta
            && delta.get("stop_reason") instanceof JsonString reason) {
          sendUsage(out);
          out.accept(UpstreamChunk.ofFinish(finishReason(reason.getString())));
        }
      }
      case "message_stop" -> {
        sendUsage(out); // a stream whose message_delta had no stop reason
        return true;
      }
      case "message" -> {
        // A whole Message: a server that ignored "stream": true.
        return wholeMessage(event, out);
      }
      case "error" -> throw failure(event.get("error"));
      default -> {} // ping, content_block_stop; and event types added later, as Anthropic advises
    }
    return false;
  }

  private void blockStart(JsonObject event, Consumer<UpstreamChunk> out) {
    int block = event.getInt("index", -1);
    if (!(event.get("content_block") instanceof JsonObject content)) {
      return;
    }
    switch (content.getString("type", "")) {
      case "text" -> text(content.getString("text", ""), out);
      case "tool_use" -> {
        int index = nextToolIndex++;
        toolIndexByBlock.put(block, index);
        out.accept(
            UpstreamChunk.ofDelta(
                OpenAiChoices.toolCallStart(
                    index, content.getString("id", ""), content.getString("name", ""))));
        // Streamed calls start with input {} and send it as JSON deltas; a whole input is sent now.
        if (content.get("input") instanceof JsonObject input && !input.isEmpty()) {
          out.accept(
              UpstreamChunk.ofDelta(OpenAiChoices.toolCallArguments(index, JsonText.write(input))));
        }
      }
      case "thinking" -> {
        reasoningIndexByBlock.put(block, nextReasoningIndex++);
        thinking(block, content.getString("thinking", ""), out);
        if (content.get("signature") instanceof JsonString signature) {
          signature(block, signature.getString(), out);
        }
      }
      case "redacted_thinking" -> {
        int index = nextReasoningIndex++;
        String data = content.getString("data", "");
        out.accept(
            UpstreamChunk.ofDelta(
                reasoningDetail(null, "{\"type\":\"reasoning.encrypted\",\"data\":", data, index)
                    .delta()));
      }
      default -> {} // server tool blocks and the like: not asked for by this adapter
    }
  }

  private void blockDelta(JsonObject event, Consumer<UpstreamChunk> out) {
    int block = event.getInt("index", -1);
    if (!(event.get("delta") instanceof JsonObject delta)) {
      return;
    }
    switch (delta.getString("type", "")) {
      case "text_delta" -> text(delta.getString("text", ""), out);
      case "input_json_delta" -> {
        Integer index = toolIndexByBlock.get(block);
        String json = delta.getString("partial_json", "");
        if (index != null && !json.isEmpty()) {
          out.accept(UpstreamChunk.ofDelta(OpenAiChoices.toolCallArguments(index, json)));
        }
      }
      case "thinking_delta" -> thinking(block, delta.getString("thinking", ""), out);
      case "signature_delta" -> signature(block, delta.getString("signature", ""), out);
      default -> {} // citations_delta: citations are not asked for by this adapter
    }
  }

  private static void text(String text, Consumer<UpstreamChunk> out) {
    if (!text.isEmpty()) {
      out.accept(UpstreamChunk.ofText(text));
    }
  }

  /** Thinking text under the OpenAI-compatible names and as a signed-reasoning piece. */
  private void thinking(int block, String text, Consumer<UpstreamChunk> out) {
    if (text.isEmpty()) {
      return;
    }
    StringBuilder fields = new StringBuilder("\"reasoning_content\":");
    JsonText.quote(fields, text).append(",\"reasoning\":");
    JsonText.quote(fields, text).append(',');
    out.accept(
        UpstreamChunk.ofDelta(
            reasoningDetail(
                    fields.toString(),
                    "{\"type\":\"reasoning.text\",\"text\":",
                    text,
                    reasoningIndexByBlock.getOrDefault(block, 0))
                .withReasoning(text)));
  }

  private void signature(int block, String signature, Consumer<UpstreamChunk> out) {
    if (!signature.isEmpty()) {
      out.accept(
          UpstreamChunk.ofDelta(
              reasoningDetail(
                      null,
                      "{\"type\":\"reasoning.text\",\"signature\":",
                      signature,
                      reasoningIndexByBlock.getOrDefault(block, 0))
                  .delta()));
    }
  }

  /** A choice whose delta holds {@code before} and a one-piece {@code reasoning_details}. */
  private static Choice reasoningDetail(String before, String opening, String value, int index) {
    StringBuilder json =
        new StringBuilder(96 + value.length() * 2).append("{\"index\":0,\"delta\":{");
    if (before != null) {
      json.append(before);
    }
    json.append("\"reasoning_details\":[").append(opening);
    JsonText.quote(json, value)
        .append(",\"format\":\"")
        .append(AnthropicTurns.REASONING_FORMAT)
        .append("\",\"index\":")
        .append(index)
        .append("}]},\"finish_reason\":null}");
    return new Choice(json.toString());
  }

  /** A written choice, to become a delta with or without reasoning text. */
  private record Choice(String json) {
    UpstreamDelta withReasoning(String text) {
      return new UpstreamDelta(json, null, text, null, List.of(), null);
    }

    UpstreamDelta delta() {
      return new UpstreamDelta(json, null, null, null, List.of(), null);
    }
  }

  /**
   * Usage is cumulative: message_start has the input side, message_delta the output and, on newer
   * API versions, the input side again (then the later count wins).
   */
  private void readUsage(JsonValue value) {
    if (!(value instanceof JsonObject usage)) {
      return;
    }
    inputTokens = number(usage, "input_tokens", inputTokens);
    cacheReadTokens = number(usage, "cache_read_input_tokens", cacheReadTokens);
    cacheWriteTokens = number(usage, "cache_creation_input_tokens", cacheWriteTokens);
    outputTokens = number(usage, "output_tokens", outputTokens);
    if (usage.get("output_tokens_details") instanceof JsonObject details) {
      thinkingTokens = number(details, "thinking_tokens", thinkingTokens);
    }
  }

  /**
   * Anthropic's {@code input_tokens} are only the uncached ones: the prompt billed is those plus
   * the tokens read from and written to the cache.
   */
  private void sendUsage(Consumer<UpstreamChunk> out) {
    if (usageSent || inputTokens < 0 && outputTokens < 0) {
      return;
    }
    usageSent = true;
    int prompt =
        Math.max(0, inputTokens) + Math.max(0, cacheReadTokens) + Math.max(0, cacheWriteTokens);
    out.accept(
        UpstreamChunk.ofUsage(
            inputTokens < 0 && cacheReadTokens < 0 && cacheWriteTokens < 0 ? -1 : prompt,
            outputTokens,
            cacheReadTokens,
            thinkingTokens,
            cacheWriteTokens));
  }

  private static int number(JsonObject object, String name, int otherwise) {
    return object.get(name) instanceof JsonNumber number ? number.intValue() : otherwise;
  }

  /**
   * Anthropic's stop reasons in OpenAI's words. {@code pause_turn} (a long server-tool turn paused
   * for the client to resume) and {@code model_context_window_exceeded} are unfinished answers:
   * {@code length}, which tells a client to continue, is the nearest.
   */
  static String finishReason(String stopReason) {
    return switch (stopReason) {
      case "max_tokens", "pause_turn", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      default -> "stop"; // end_turn, stop_sequence
    };
  }

  /**
   * An {@code error} event, sent mid-stream when the model is overloaded or the like: classified as
   * the HTTP status Anthropic gives the same error type, so that failover and retry hints work as
   * they do before the stream.
   */
  static UpstreamFailure failure(JsonValue value) {
    String type = "";
    String message = "";
    if (value instanceof JsonObject error) {
      type = error.getString("type", "");
      message = error.get("message") instanceof JsonString text ? text.getString() : "";
    }
    int status = statusOf(type);
    UpstreamFailure.Kind kind =
        switch (status) {
          case 429 -> UpstreamFailure.Kind.RATE_LIMITED;
          case 401, 402, 403 -> UpstreamFailure.Kind.AUTH_FAILED;
          case 400, 404, 413 -> UpstreamFailure.Kind.REJECTED_REQUEST;
          default -> UpstreamFailure.Kind.SERVER_ERROR;
        };
    String shown =
        kind == UpstreamFailure.Kind.AUTH_FAILED
            ? "the provider refused the gateway's credentials"
            : ProviderErrors.clip((type.isEmpty() ? "error" : type) + ": " + message);
    return new UpstreamFailure(kind, "provider reported mid-stream " + shown, status, null);
  }

  /** The HTTP status Anthropic documents for each error type. */
  static int statusOf(String errorType) {
    return switch (errorType) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500; // api_error and anything new
    };
  }

  /** A whole Message answer, its blocks replayed as if streamed. */
  private boolean wholeMessage(JsonObject message, Consumer<UpstreamChunk> out)
      throws UpstreamFailure {
    decode(
        JsonText.write(
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("type", "message_start")
                .add("message", message)
                .build()),
        out);
    if (message.get("content") instanceof jakarta.json.JsonArray blocks) {
      for (int i = 0; i < blocks.size(); i++) {
        if (blocks.get(i) instanceof JsonObject block) {
          JsonObject start =
              JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("index", i)
                  .add("content_block", block)
                  .build();
          blockStart(start, out);
          if ("tool_use".equals(block.getString("type", ""))
              && block.get("input") instanceof JsonObject input
              && input.isEmpty()) {
            out.accept(
                UpstreamChunk.ofDelta(
                    OpenAiChoices.toolCallArguments(toolIndexByBlock.get(i), "{}")));
          }
        }
      }
    }
    String reason =
        message.get("stop_reason") instanceof JsonString stop ? stop.getString() : "end_turn";
    sendUsage(out);
    out.accept(UpstreamChunk.ofFinish(finishReason(reason)));
    return true;
  }
}
