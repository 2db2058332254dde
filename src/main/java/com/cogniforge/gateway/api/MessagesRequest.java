package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.settings.SettingKind;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An Anthropic Messages API request ({@code POST /v1/messages}) as the gateway's OpenAI-shaped
 * {@link ChatInput}, so that whichever provider the router picks serves it. Every field is
 * translated, passed on, or refused with a 400 that names it; the providers' adapters translate the
 * OpenAI shape onwards (back to Anthropic's for an Anthropic provider: {@code
 * providers.AnthropicTurns} reads the shapes written here, {@code reasoning_details} and {@code
 * cache_control} on content parts included).
 *
 * <p>Fields that are neither Anthropic's known ones nor OpenAI's pass upstream unchanged, as on the
 * Chat Completions endpoint ({@code top_k}, {@code service_tier}, the simulator's {@code sim_*}):
 * an Anthropic provider receives them as they were sent.
 */
final class MessagesRequest {

  /** Fields this class reads; everything else passes through. */
  private static final Set<String> OWNED =
      Set.of(
          "model",
          "max_tokens",
          "messages",
          "system",
          "stream",
          "tools",
          "tool_choice",
          "temperature",
          "top_p",
          "stop_sequences",
          "metadata",
          "thinking",
          "output_config",
          "cache",
          "tier");

  /**
   * OpenAI fields the translation writes (or that would change what it wrote): a client sending one
   * of them beside the Anthropic fields would be sending the same thing twice.
   */
  private static final Set<String> WRITTEN =
      Set.of(
          "stop",
          "user",
          "reasoning_effort",
          "response_format",
          "parallel_tool_calls",
          "max_completion_tokens",
          "n",
          "stream_options");

  private static final Set<String> ROUTING_OPTIONS = Set.copyOf(SettingKind.PROVIDER_OPTION_NAMES);

  private static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  /** Anthropic's smallest thinking budget. */
  static final int MIN_THINKING_BUDGET = 1024;

  private MessagesRequest() {}

  /**
   * @param allowed the routing options ({@code models}, {@code provider}...) that may pass upstream
   */
  static ChatInput parse(byte[] body, Set<String> allowed) {
    JsonObject json = ChatInputParser.parseBody(body);
    return parse(json, allowed, true);
  }

  /**
   * {@code POST /v1/messages/count_tokens}: the gateway's estimate of the prompt (messages, system
   * and tool definitions), the same one its budget reserves for. No model is called.
   */
  static int countTokens(byte[] body) {
    JsonObject json = ChatInputParser.parseBody(body);
    ChatRequest request = parse(json, Set.copyOf(ROUTING_OPTIONS), false).request();
    int tokens = TokenEstimator.promptTokens(request);
    if (request.options().get("tools") instanceof JsonArray tools) {
      tokens += TokenEstimator.textTokens(JsonText.write(tools));
    }
    return tokens;
  }

  private static ChatInput parse(JsonObject json, Set<String> allowed, boolean complete) {
    String model = model(json.get("model"));
    String tier = null;
    if (model != null && Tier.parse(model).isPresent()) {
      tier = Tier.parse(model).get().name(); // "model": "smart" asks for a tier
      model = null;
    }
    Integer maxTokens = null;
    JsonValue max = json.get("max_tokens");
    if (max == null || max == JsonValue.NULL) {
      if (complete) {
        throw ApiError.badRequest("missing_max_tokens", "max_tokens: Field required");
      }
    } else if (!(max instanceof JsonNumber number) || !number.isIntegral()) {
      throw ApiError.badRequest("invalid_max_tokens", "max_tokens must be a whole number");
    } else {
      maxTokens = ChatInputParser.checkMaxTokens(number.longValue(), "max_tokens");
    }

    JsonArrayBuilder messages = JsonText.BUILDERS.createArrayBuilder();
    JsonValue system = json.get("system");
    if (system != null && system != JsonValue.NULL) {
      messages.add(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("role", "system")
              .add("content", systemContent(system, "system")));
    }
    if (!json.containsKey("messages")) {
      throw ApiError.badRequest("missing_messages", "messages: Field required");
    }
    if (!(json.get("messages") instanceof JsonArray turns)) {
      throw ApiError.badRequest("invalid_messages", "messages must be an array");
    }
    if (turns.isEmpty()) {
      throw ApiError.badRequest("invalid_messages", "messages must not be empty");
    }
    if (turns.size() > ChatInputParser.MAX_MESSAGES) {
      throw ApiError.badRequest(
          "too_many_messages", "at most " + ChatInputParser.MAX_MESSAGES + " messages");
    }
    for (int i = 0; i < turns.size(); i++) {
      turn(turns.get(i), "messages." + i, messages);
    }
    List<ChatMessage> chat = ChatInputParser.messages(messages.build());

    JsonObjectBuilder options = JsonText.BUILDERS.createObjectBuilder();
    boolean thinking = false;
    Integer budget = null;
    JsonValue thinkingValue = json.get("thinking");
    if (thinkingValue != null && thinkingValue != JsonValue.NULL) {
      ThinkingChoice choice = thinking(thinkingValue, maxTokens);
      if (choice.effort() != null) {
        options.add("reasoning_effort", choice.effort());
        thinking = true;
      }
      budget = choice.budget();
    }
    outputConfig(json.get("output_config"), options, thinking);
    sampling(json, options);
    tools(json, options);
    stopSequences(json.get("stop_sequences"), options);
    metadata(json.get("metadata"), options);
    JsonObject written = options.build();
    JsonObjectBuilder all = JsonText.BUILDERS.createObjectBuilder(written);
    for (Map.Entry<String, JsonValue> field : json.entrySet()) {
      String name = field.getKey();
      if (OWNED.contains(name)) {
        continue;
      }
      if (ROUTING_OPTIONS.contains(name) && !allowed.contains(name)) {
        throw new ApiError(
            400,
            "option_not_allowed",
            name
                + " is not allowed: the gateway chooses the model and provider"
                + " (the operator may allow it for every key, ALLOWED_PROVIDER_OPTIONS, or for this key: allowed_options)");
      }
      if (WRITTEN.contains(name) || written.containsKey(name)) {
        throw ApiError.badRequest(
            "invalid_" + name,
            name
                + " is a Chat Completions field; the Messages API says it with its own fields"
                + " (stop_sequences, metadata.user_id, thinking, output_config, tool_choice)");
      }
      if (name.equals("top_k")
          && field.getValue() != JsonValue.NULL
          && !(field.getValue() instanceof JsonNumber k && k.isIntegral() && k.longValue() >= 0)) {
        throw ApiError.badRequest("invalid_top_k", "top_k must be a whole number, 0 or more");
      }
      all.add(name, field.getValue()); // top_k, service_tier, sim_*...: passed on as sent
    }
    ChatRequest request =
        new ChatRequest(model, chat, maxTokens, all.build(), "max_tokens", budget);
    boolean stream = booleanField(json, "stream");
    return new ChatInput(request, stream, true, tier(json, tier), cache(json));
  }

  private static String model(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      throw ApiError.badRequest("missing_model", "model: Field required");
    }
    if (!(value instanceof JsonString name) || name.getString().isBlank()) {
      throw ApiError.badRequest("invalid_model", "model must be a non-empty string");
    }
    return name.getString().trim();
  }

  /** Our extension field {@code tier}, or the tier named as the model. */
  private static String tier(JsonObject json, String fromModel) {
    JsonValue value = json.get("tier");
    if (value == null || value == JsonValue.NULL) {
      return fromModel;
    }
    if (!(value instanceof JsonString name)) {
      throw ApiError.badRequest("invalid_tier", "tier must be one of NANO, FAST, SMART, GENIUS");
    }
    return name.getString();
  }

  private static boolean cache(JsonObject json) {
    JsonValue value = json.get("cache");
    if (value == null || value == JsonValue.NULL || value == JsonValue.TRUE) {
      return true;
    }
    if (value == JsonValue.FALSE) {
      return false;
    }
    throw ApiError.badRequest("invalid_cache", "cache must be true or false");
  }

  private static boolean booleanField(JsonObject json, String name) {
    JsonValue value = json.get(name);
    if (value == null || value == JsonValue.NULL || value == JsonValue.FALSE) {
      return false;
    }
    if (value == JsonValue.TRUE) {
      return true;
    }
    throw ApiError.badRequest("invalid_" + name, name + " must be true or false");
  }

  // ---- the conversation ----

  /** {@code system}: a string, or text blocks (their {@code cache_control} kept on the parts). */
  private static JsonValue systemContent(JsonValue value, String where) {
    if (value instanceof JsonString text) {
      return text;
    }
    if (!(value instanceof JsonArray blocks)) {
      throw ApiError.badRequest(
          "invalid_system", where + " must be a string or an array of text blocks");
    }
    JsonArrayBuilder parts = JsonText.BUILDERS.createArrayBuilder();
    for (int i = 0; i < blocks.size(); i++) {
      JsonObject block = block(blocks.get(i), where + "." + i);
      if (!block.getString("type").equals("text")) {
        throw ApiError.badRequest(
            "invalid_system", where + "." + i + ": the system prompt holds text blocks only");
      }
      parts.add(textPart(block, where + "." + i));
    }
    return parts.build();
  }

  /** One Anthropic turn as one or more OpenAI messages, appended to {@code out}. */
  private static void turn(JsonValue value, String where, JsonArrayBuilder out) {
    if (!(value instanceof JsonObject turn)) {
      throw ApiError.badRequest("invalid_messages", where + " must be an object");
    }
    String role = turn.get("role") instanceof JsonString r ? r.getString() : "";
    for (String field : turn.keySet()) {
      if (!field.equals("role") && !field.equals("content")) {
        throw ApiError.badRequest(
            "invalid_messages", where + "." + field + ": a message has only role and content");
      }
    }
    JsonValue content = turn.get("content");
    if (content == null || content == JsonValue.NULL) {
      throw ApiError.badRequest("invalid_messages", where + ".content: Field required");
    }
    switch (role) {
      case "user" -> user(content, where, out);
      case "assistant" -> assistant(content, where, out);
      case "system" -> // newer SDKs type a system message in the conversation
          out.add(
              JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("role", "system")
                  .add("content", systemContent(content, where + ".content")));
      default ->
          throw ApiError.badRequest("invalid_messages", where + ".role must be user or assistant");
    }
  }

  /**
   * A user turn: its tool results first, each an OpenAI tool message (OpenAI wants them straight
   * after the assistant's calls, as Anthropic wants them first in the turn), then the rest as one
   * user message.
   */
  private static void user(JsonValue content, String where, JsonArrayBuilder out) {
    if (content instanceof JsonString text) {
      out.add(JsonText.BUILDERS.createObjectBuilder().add("role", "user").add("content", text));
      return;
    }
    JsonArray blocks = blocks(content, where);
    JsonArrayBuilder parts = JsonText.BUILDERS.createArrayBuilder();
    int partCount = 0;
    for (int i = 0; i < blocks.size(); i++) {
      String at = where + ".content." + i;
      JsonObject block = block(blocks.get(i), at);
      String type = block.getString("type");
      if (type.equals("tool_result")) {
        out.add(toolResult(block, at));
        continue;
      }
      parts.add(userPart(block, type, at));
      partCount++;
    }
    if (partCount > 0) {
      out.add(JsonText.BUILDERS.createObjectBuilder().add("role", "user").add("content", parts));
    }
  }

  private static JsonObject userPart(JsonObject block, String type, String at) {
    return switch (type) {
      case "text" -> textPart(block, at);
      case "image" -> imagePart(block, at);
      case "document" -> documentPart(block, at);
      case "thinking", "redacted_thinking", "tool_use" ->
          throw ApiError.badRequest(
              "invalid_content", at + ": a " + type + " block belongs in an assistant message");
      default -> throw unsupported(at, type);
    };
  }

  /**
   * An assistant turn: text as content, tool_use blocks as tool calls, thinking and
   * redacted_thinking blocks as OpenRouter's {@code reasoning_details} (which the Anthropic adapter
   * turns back into signed blocks, and OpenRouter understands).
   */
  private static void assistant(JsonValue content, String where, JsonArrayBuilder out) {
    JsonObjectBuilder message = JsonText.BUILDERS.createObjectBuilder().add("role", "assistant");
    if (content instanceof JsonString text) {
      out.add(message.add("content", text));
      return;
    }
    JsonArray blocks = blocks(content, where);
    JsonArrayBuilder parts = JsonText.BUILDERS.createArrayBuilder();
    JsonArrayBuilder calls = JsonText.BUILDERS.createArrayBuilder();
    JsonArrayBuilder reasoning = JsonText.BUILDERS.createArrayBuilder();
    int partCount = 0;
    int callCount = 0;
    int reasoningCount = 0;
    for (int i = 0; i < blocks.size(); i++) {
      String at = where + ".content." + i;
      JsonObject block = block(blocks.get(i), at);
      switch (block.getString("type")) {
        case "text" -> {
          parts.add(textPart(block, at));
          partCount++;
        }
        case "tool_use" -> {
          calls.add(toolCall(block, at));
          callCount++;
        }
        case "thinking" -> {
          String thinking = string(block, "thinking", at);
          JsonObjectBuilder detail =
              JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("type", "reasoning.text")
                  .add("text", thinking);
          if (block.get("signature") instanceof JsonString signature) {
            detail.add("signature", signature);
          }
          reasoning.add(reasoningFormat(detail, reasoningCount++));
        }
        case "redacted_thinking" ->
            reasoning.add(
                reasoningFormat(
                    JsonText.BUILDERS
                        .createObjectBuilder()
                        .add("type", "reasoning.encrypted")
                        .add("data", string(block, "data", at)),
                    reasoningCount++));
        case "image", "document", "tool_result" ->
            throw ApiError.badRequest(
                "invalid_content",
                at + ": a " + block.getString("type") + " block belongs in a user message");
        default -> throw unsupported(at, block.getString("type"));
      }
    }
    if (partCount > 0) {
      message.add("content", parts);
    } else {
      message.addNull("content");
    }
    if (callCount > 0) {
      message.add("tool_calls", calls);
    }
    if (reasoningCount > 0) {
      message.add("reasoning_details", reasoning);
    }
    if (partCount > 0 || callCount > 0 || reasoningCount > 0) {
      out.add(message);
    }
  }

  private static JsonObject reasoningFormat(JsonObjectBuilder detail, int index) {
    return detail.add("format", "anthropic-claude-v1").add("index", index).build();
  }

  private static JsonObject toolCall(JsonObject block, String at) {
    String id = string(block, "id", at);
    String name = string(block, "name", at);
    if (!(block.get("input") instanceof JsonObject input)) {
      throw ApiError.badRequest("invalid_content", at + ".input must be an object");
    }
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("id", id)
        .add("type", "function")
        .add(
            "function",
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("name", name)
                .add("arguments", JsonText.write(input)))
        .build();
  }

  /**
   * A tool_result as an OpenAI tool message. Chat Completions has no error flag: a result with
   * {@code is_error: true} says so in its text ("Error: ..."), which models read the same way.
   */
  private static JsonObject toolResult(JsonObject block, String at) {
    String id = string(block, "tool_use_id", at);
    boolean error = block.get("is_error") == JsonValue.TRUE;
    JsonValue cacheControl = block.get("cache_control");
    JsonValue content = block.get("content");
    JsonObjectBuilder message =
        JsonText.BUILDERS.createObjectBuilder().add("role", "tool").add("tool_call_id", id);
    boolean plain = cacheControl == null || cacheControl == JsonValue.NULL;
    if (content == null || content == JsonValue.NULL || content instanceof JsonString) {
      String text = content instanceof JsonString s ? s.getString() : "";
      text = error ? "Error: " + text : text;
      if (plain) {
        return message.add("content", text).build();
      }
      JsonObjectBuilder part =
          JsonText.BUILDERS.createObjectBuilder().add("type", "text").add("text", text);
      return message
          .add(
              "content",
              JsonText.BUILDERS.createArrayBuilder().add(part.add("cache_control", cacheControl)))
          .build();
    }
    JsonArray blocks = blocks(content, at);
    List<JsonObject> parts = new ArrayList<>();
    if (error) {
      parts.add(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("type", "text")
              .add("text", "Error: ")
              .build());
    }
    for (int i = 0; i < blocks.size(); i++) {
      String where = at + ".content." + i;
      JsonObject inner = block(blocks.get(i), where);
      parts.add(
          switch (inner.getString("type")) {
            case "text" -> textPart(inner, where);
            case "image" -> imagePart(inner, where);
            case "document" -> documentPart(inner, where);
            default -> throw unsupported(where, inner.getString("type"));
          });
    }
    JsonArrayBuilder array = JsonText.BUILDERS.createArrayBuilder();
    for (int i = 0; i < parts.size(); i++) {
      JsonObject part = parts.get(i);
      array.add(
          i == parts.size() - 1 && !plain && !part.containsKey("cache_control")
              ? JsonText.BUILDERS
                  .createObjectBuilder(part)
                  .add("cache_control", cacheControl)
                  .build()
              : part);
    }
    return message.add("content", array).build();
  }

  private static JsonObject textPart(JsonObject block, String at) {
    JsonObjectBuilder part =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("type", "text")
            .add("text", string(block, "text", at));
    refuseCitations(block, at);
    return withCacheControl(part, block);
  }

  /** Base64 and URL images as OpenAI {@code image_url} parts (a data: URL, or the URL). */
  private static JsonObject imagePart(JsonObject block, String at) {
    if (!(block.get("source") instanceof JsonObject source)) {
      throw ApiError.badRequest("invalid_content", at + ".source must be an object");
    }
    String url =
        switch (source.getString("type", "")) {
          case "base64" -> {
            String mediaType = string(source, "media_type", at + ".source");
            if (!IMAGE_TYPES.contains(mediaType.toLowerCase(Locale.ROOT))) {
              throw ApiError.badRequest(
                  "invalid_content",
                  at + ".source.media_type must be image/jpeg, image/png, image/gif or image/webp");
            }
            yield "data:" + mediaType + ";base64," + string(source, "data", at + ".source");
          }
          case "url" -> string(source, "url", at + ".source");
          default ->
              throw ApiError.badRequest(
                  "unsupported_content",
                  at + ".source: only base64 and url image sources are supported (no file ids)");
        };
    return withCacheControl(
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("type", "image_url")
            .add("image_url", JsonText.BUILDERS.createObjectBuilder().add("url", url)),
        block);
  }

  /**
   * A base64 PDF as an OpenAI {@code file} part ({@code title} as its file name); a plain-text
   * document as a text part. URL and file-id sources have no Chat Completions form.
   */
  private static JsonObject documentPart(JsonObject block, String at) {
    if (!(block.get("source") instanceof JsonObject source)) {
      throw ApiError.badRequest("invalid_content", at + ".source must be an object");
    }
    refuseCitations(block, at);
    if (block.get("context") instanceof JsonString) {
      throw ApiError.badRequest(
          "unsupported_content", at + ".context: document context is not supported");
    }
    String type = source.getString("type", "");
    if (type.equals("text")) {
      return withCacheControl(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("type", "text")
              .add("text", string(source, "data", at + ".source")),
          block);
    }
    if (!type.equals("base64") || !"application/pdf".equals(source.getString("media_type", ""))) {
      throw ApiError.badRequest(
          "unsupported_content",
          at + ".source: only base64 PDF and plain-text documents are supported");
    }
    JsonObjectBuilder file =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("file_data", "data:application/pdf;base64," + string(source, "data", at));
    if (block.get("title") instanceof JsonString title) {
      file.add("filename", title);
    }
    return withCacheControl(
        JsonText.BUILDERS.createObjectBuilder().add("type", "file").add("file", file), block);
  }

  private static void refuseCitations(JsonObject block, String at) {
    JsonValue citations = block.get("citations");
    if (citations != null
        && citations != JsonValue.NULL
        && !(citations instanceof JsonArray array && array.isEmpty())
        && !(citations instanceof JsonObject config && config.get("enabled") != JsonValue.TRUE)) {
      throw ApiError.badRequest("unsupported_content", at + ".citations are not supported");
    }
  }

  private static JsonObject withCacheControl(JsonObjectBuilder part, JsonObject block) {
    JsonValue cacheControl = block.get("cache_control");
    if (cacheControl != null && cacheControl != JsonValue.NULL) {
      part.add("cache_control", cacheControl);
    }
    return part.build();
  }

  private static JsonArray blocks(JsonValue content, String where) {
    if (!(content instanceof JsonArray blocks)) {
      throw ApiError.badRequest(
          "invalid_messages", where + ".content must be a string or an array of content blocks");
    }
    return blocks;
  }

  private static JsonObject block(JsonValue value, String at) {
    if (!(value instanceof JsonObject block && block.get("type") instanceof JsonString)) {
      throw ApiError.badRequest("invalid_content", at + " must be an object with a type");
    }
    return block;
  }

  private static String string(JsonObject object, String field, String at) {
    if (!(object.get(field) instanceof JsonString value)) {
      throw ApiError.badRequest("invalid_content", at + "." + field + " must be a string");
    }
    return value.getString();
  }

  private static ApiError unsupported(String at, String type) {
    return ApiError.badRequest(
        "unsupported_content",
        at
            + ": content blocks of type '"
            + type
            + "' are not supported (text, image, document, tool_use, tool_result, thinking,"
            + " redacted_thinking)");
  }

  // ---- options ----

  private record ThinkingChoice(String effort, Integer budget) {}

  /**
   * {@code thinking}: {@code enabled} with its budget becomes {@code reasoning_effort} (below 4,096
   * tokens low, below 16,384 medium, else high) and the exact budget for an Anthropic provider;
   * {@code adaptive} is medium effort; {@code disabled} asks for nothing.
   */
  private static ThinkingChoice thinking(JsonValue value, Integer maxTokens) {
    if (!(value instanceof JsonObject thinking && thinking.get("type") instanceof JsonString t)) {
      throw ApiError.badRequest("invalid_thinking", "thinking must be an object with a type");
    }
    if ("omitted".equals(thinking.getString("display", ""))) {
      throw ApiError.badRequest(
          "invalid_thinking", "thinking.display omitted is not supported (thinking is streamed)");
    }
    return switch (t.getString()) {
      case "disabled" -> new ThinkingChoice(null, null);
      case "adaptive" -> new ThinkingChoice("medium", null);
      case "enabled" -> {
        if (!(thinking.get("budget_tokens") instanceof JsonNumber number)
            || !number.isIntegral()
            || number.longValue() < MIN_THINKING_BUDGET) {
          throw ApiError.badRequest(
              "invalid_thinking",
              "thinking.budget_tokens must be a whole number of at least " + MIN_THINKING_BUDGET);
        }
        long budget = number.longValue();
        if (maxTokens != null && budget >= maxTokens) {
          throw ApiError.badRequest(
              "invalid_thinking", "thinking.budget_tokens must be less than max_tokens");
        }
        String effort = budget < 4096 ? "low" : budget < 16_384 ? "medium" : "high";
        yield new ThinkingChoice(effort, (int) budget);
      }
      default ->
          throw ApiError.badRequest(
              "invalid_thinking",
              "thinking.type must be enabled, adaptive or disabled (not " + t.getString() + ")");
    };
  }

  /**
   * {@code output_config}: {@code format} (a JSON schema) as {@code response_format} json_schema;
   * {@code effort} as {@code reasoning_effort} when thinking did not already set one.
   */
  private static void outputConfig(JsonValue value, JsonObjectBuilder options, boolean thinking) {
    if (value == null || value == JsonValue.NULL) {
      return;
    }
    if (!(value instanceof JsonObject config)) {
      throw ApiError.badRequest("invalid_output_config", "output_config must be an object");
    }
    for (Map.Entry<String, JsonValue> field : config.entrySet()) {
      JsonValue v = field.getValue();
      if (v == JsonValue.NULL) {
        continue;
      }
      switch (field.getKey()) {
        case "format" -> {
          if (!(v instanceof JsonObject format
              && "json_schema".equals(format.getString("type", ""))
              && format.get("schema") instanceof JsonObject schema)) {
            throw ApiError.badRequest(
                "invalid_output_config",
                "output_config.format must be {\"type\": \"json_schema\", \"schema\": {...}}");
          }
          options.add(
              "response_format",
              JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("type", "json_schema")
                  .add(
                      "json_schema",
                      JsonText.BUILDERS
                          .createObjectBuilder()
                          .add("name", "output")
                          .add("schema", schema)
                          .add("strict", true)));
        }
        case "effort" -> {
          String effort = v instanceof JsonString s ? s.getString() : "";
          String mapped =
              switch (effort) {
                case "low", "medium", "high", "xhigh" -> effort;
                case "max" -> "xhigh";
                default ->
                    throw ApiError.badRequest(
                        "invalid_output_config",
                        "output_config.effort must be low, medium, high, xhigh or max");
              };
          if (!thinking) {
            options.add("reasoning_effort", mapped);
          }
        }
        default ->
            throw ApiError.badRequest(
                "invalid_output_config",
                "output_config." + field.getKey() + " is not supported (format, effort)");
      }
    }
  }

  private static void sampling(JsonObject json, JsonObjectBuilder options) {
    for (String name : List.of("temperature", "top_p")) {
      JsonValue value = json.get(name);
      if (value == null || value == JsonValue.NULL) {
        continue;
      }
      if (!(value instanceof JsonNumber number)
          || number.doubleValue() < 0
          || number.doubleValue() > 1) {
        throw ApiError.badRequest("invalid_" + name, name + " must be a number from 0 to 1");
      }
      options.add(name, number);
    }
  }

  /**
   * Client tools ({@code name}, {@code description}, {@code input_schema}) as function tools;
   * server tools (web search, code execution, computer use...) run at Anthropic and have no
   * counterpart at other providers: refused.
   */
  private static void tools(JsonObject json, JsonObjectBuilder options) {
    JsonValue value = json.get("tools");
    if (value != null && value != JsonValue.NULL) {
      if (!(value instanceof JsonArray tools)) {
        throw ApiError.badRequest("invalid_tools", "tools must be an array");
      }
      JsonArrayBuilder out = JsonText.BUILDERS.createArrayBuilder();
      for (int i = 0; i < tools.size(); i++) {
        out.add(tool(tools.get(i), "tools." + i));
      }
      if (!tools.isEmpty()) {
        options.add("tools", out);
      }
    }
    JsonValue choice = json.get("tool_choice");
    if (choice == null || choice == JsonValue.NULL) {
      return;
    }
    if (!(choice instanceof JsonObject object && object.get("type") instanceof JsonString type)) {
      throw ApiError.badRequest("invalid_tool_choice", "tool_choice must be an object with a type");
    }
    switch (type.getString()) {
      case "auto" -> options.add("tool_choice", "auto");
      case "any" -> options.add("tool_choice", "required");
      case "none" -> options.add("tool_choice", "none");
      case "tool" ->
          options.add(
              "tool_choice",
              JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("type", "function")
                  .add(
                      "function",
                      JsonText.BUILDERS
                          .createObjectBuilder()
                          .add("name", string(object, "name", "tool_choice"))));
      default ->
          throw ApiError.badRequest(
              "invalid_tool_choice", "tool_choice.type must be auto, any, tool or none");
    }
    JsonValue parallel = object.get("disable_parallel_tool_use");
    if (parallel == JsonValue.TRUE) {
      options.add("parallel_tool_calls", false);
    } else if (parallel != null && parallel != JsonValue.NULL && parallel != JsonValue.FALSE) {
      throw ApiError.badRequest(
          "invalid_tool_choice", "tool_choice.disable_parallel_tool_use must be true or false");
    }
  }

  private static JsonObject tool(JsonValue value, String at) {
    if (!(value instanceof JsonObject tool)) {
      throw ApiError.badRequest("invalid_tools", at + " must be an object");
    }
    JsonValue type = tool.get("type");
    if (type != null && type != JsonValue.NULL && !"custom".equals(stringOrNull(type))) {
      throw ApiError.badRequest(
          "unsupported_tool",
          at
              + ": server tools ("
              + printable(type)
              + ") run at Anthropic and are not supported through this gateway; define client"
              + " tools (name, description, input_schema)");
    }
    if (!(tool.get("name") instanceof JsonString name) || name.getString().isEmpty()) {
      throw ApiError.badRequest("invalid_tools", at + ".name must be a non-empty string");
    }
    if (!(tool.get("input_schema") instanceof JsonObject schema)) {
      throw ApiError.badRequest("invalid_tools", at + ".input_schema must be an object");
    }
    JsonObjectBuilder function =
        JsonText.BUILDERS.createObjectBuilder().add("name", name).add("parameters", schema);
    JsonObjectBuilder out = JsonText.BUILDERS.createObjectBuilder().add("type", "function");
    for (Map.Entry<String, JsonValue> field : tool.entrySet()) {
      JsonValue v = field.getValue();
      switch (field.getKey()) {
        case "name", "input_schema", "type" -> {}
        case "description" -> {
          if (v != JsonValue.NULL) {
            if (!(v instanceof JsonString)) {
              throw ApiError.badRequest("invalid_tools", at + ".description must be a string");
            }
            function.add("description", v);
          }
        }
        case "strict" -> {
          if (v == JsonValue.TRUE) {
            function.add("strict", true);
          } else if (v != JsonValue.FALSE && v != JsonValue.NULL) {
            throw ApiError.badRequest("invalid_tools", at + ".strict must be true or false");
          }
        }
        case "cache_control" -> {
          if (v != JsonValue.NULL) {
            out.add("cache_control", v); // where the Anthropic adapter reads it back
          }
        }
        default ->
            throw ApiError.badRequest(
                "invalid_tools",
                at
                    + "."
                    + field.getKey()
                    + " is not supported (name, description, input_schema, strict,"
                    + " cache_control)");
      }
    }
    return out.add("function", function).build();
  }

  private static void stopSequences(JsonValue value, JsonObjectBuilder options) {
    if (value == null || value == JsonValue.NULL) {
      return;
    }
    if (!(value instanceof JsonArray array
        && array.stream().allMatch(item -> item instanceof JsonString))) {
      throw ApiError.badRequest(
          "invalid_stop_sequences", "stop_sequences must be an array of strings");
    }
    if (!array.isEmpty()) {
      options.add("stop", array);
    }
  }

  /** {@code metadata.user_id} as OpenAI's {@code user}; Anthropic's metadata holds nothing else. */
  private static void metadata(JsonValue value, JsonObjectBuilder options) {
    if (value == null || value == JsonValue.NULL) {
      return;
    }
    if (!(value instanceof JsonObject metadata)) {
      throw ApiError.badRequest("invalid_metadata", "metadata must be an object");
    }
    for (Map.Entry<String, JsonValue> field : metadata.entrySet()) {
      if (!field.getKey().equals("user_id")) {
        throw ApiError.badRequest(
            "invalid_metadata", "metadata." + field.getKey() + " is not supported (user_id)");
      }
      if (field.getValue() instanceof JsonString user) {
        options.add("user", user);
      } else if (field.getValue() != JsonValue.NULL) {
        throw ApiError.badRequest("invalid_metadata", "metadata.user_id must be a string");
      }
    }
  }

  private static String stringOrNull(JsonValue value) {
    return value instanceof JsonString s ? s.getString() : null;
  }

  private static String printable(JsonValue value) {
    String text = value instanceof JsonString s ? s.getString() : value.toString();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 60; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
