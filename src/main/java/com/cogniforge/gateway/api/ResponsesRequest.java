package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.relay.ChatInput;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST /v1/responses} body (OpenAI's Responses API), validated, and its translation into a
 * Chat Completions request, which the rest of the gateway serves.
 *
 * <p>Translated: {@code input} (a string, or message, {@code function_call}, {@code
 * function_call_output} and {@code reasoning} items), {@code instructions} (a system message first,
 * not carried over by {@code previous_response_id}, as in OpenAI's API), function {@code tools},
 * {@code tool_choice}, {@code max_output_tokens} ({@code max_completion_tokens}), {@code reasoning}
 * ({@code reasoning_effort}), {@code text.format} ({@code response_format}), {@code text.verbosity}
 * ({@code verbosity}). Passed on as they are: {@code temperature}, {@code top_p}, {@code
 * parallel_tool_calls}, {@code user}, {@code safety_identifier}, {@code prompt_cache_key}, {@code
 * prompt_cache_retention}, {@code service_tier}, the gateway's {@code tier} and {@code cache}, and
 * fields the Responses API does not define (as Chat Completions' {@code extra_body}). The gateway's
 * own: {@code store}, {@code previous_response_id}, {@code stream}, {@code metadata}. Refused with
 * a 400 naming the field: built-in tools, {@code background}, {@code conversation}, {@code prompt},
 * {@code truncation: auto}, {@code top_logprobs}, {@code max_tool_calls}, {@code
 * context_management}, items that are not messages, function calls, their outputs or reasoning,
 * {@code file_id} and file URLs, reasoning sealed by another service ({@code encrypted_content}).
 */
final class ResponsesRequest {

  /**
   * Item and content part types of an input message, with the Chat Completions part they become.
   */
  private static final Set<String> MESSAGE_ROLES =
      Set.of("user", "assistant", "system", "developer");

  /** Built-in tools of OpenAI's platform: they run at OpenAI, and nothing here runs them. */
  private static final Set<String> BUILT_IN_TOOLS =
      Set.of(
          "web_search",
          "web_search_preview",
          "web_search_2025_08_26",
          "web_search_preview_2025_03_11",
          "file_search",
          "code_interpreter",
          "computer",
          "computer_use_preview",
          "image_generation",
          "mcp",
          "local_shell",
          "shell",
          "apply_patch",
          "custom",
          "namespace",
          "tool_search",
          "programmatic_tool_calling");

  /** Fields read here; whatever else the client sends goes upstream as a Chat Completions field. */
  private static final Set<String> OWNED =
      Set.of(
          "model",
          "input",
          "instructions",
          "tools",
          "tool_choice",
          "max_output_tokens",
          "reasoning",
          "text",
          "metadata",
          "store",
          "previous_response_id",
          "stream",
          "stream_options",
          "include",
          "truncation",
          "background",
          "conversation",
          "prompt",
          "max_tool_calls",
          "top_logprobs",
          "context_management",
          "messages",
          "max_tokens",
          "max_completion_tokens",
          "response_format",
          "reasoning_effort");

  /** Fields with no Responses meaning here; each is refused when set. */
  private static final Map<String, String> REFUSED =
      Map.ofEntries(
          Map.entry(
              "background", "background responses are not supported: send the request and wait"),
          Map.entry(
              "conversation", "the Conversations API is not supported: use previous_response_id"),
          Map.entry(
              "prompt", "stored prompt templates are not supported: send instructions and input"),
          Map.entry(
              "max_tool_calls", "max_tool_calls limits built-in tools, which are not supported"),
          Map.entry("top_logprobs", "top_logprobs is not supported on /v1/responses yet"),
          Map.entry("context_management", "context_management (compaction) is not supported"),
          Map.entry(
              "messages",
              "messages is a Chat Completions field: send input (or use /v1/chat/completions)"),
          Map.entry("max_tokens", "max_tokens is a Chat Completions field: send max_output_tokens"),
          Map.entry(
              "max_completion_tokens",
              "max_completion_tokens is a Chat Completions field: send max_output_tokens"),
          Map.entry(
              "response_format", "response_format is a Chat Completions field: send text.format"),
          Map.entry(
              "reasoning_effort",
              "reasoning_effort is a Chat Completions field: send reasoning.effort"));

  /** The {@code include} values this endpoint accepts. */
  private static final Set<String> INCLUDABLE = Set.of("reasoning.encrypted_content");

  private static final int MAX_METADATA_KEYS = 16;

  private final JsonObject body;
  private final List<JsonObject> input;
  private final boolean stream;
  private final boolean store;
  private final String previousResponseId;
  private final String instructions;
  private final boolean reasoningSummary;

  private ResponsesRequest(JsonObject body, List<JsonObject> input) {
    this.body = body;
    this.input = input;
    this.stream = flag(body, "stream", false);
    this.store = flag(body, "store", true); // the Responses API stores by default
    this.previousResponseId = optionalString(body, "previous_response_id");
    if (previousResponseId != null && previousResponseId.isBlank()) {
      throw ApiError.badRequest(
          "invalid_previous_response_id", "previous_response_id must not be empty");
    }
    this.instructions = optionalString(body, "instructions");
    this.reasoningSummary =
        body.get("reasoning") instanceof JsonObject reasoning
            && reasoning.get("summary") instanceof JsonString;
  }

  /** Parses and checks a body; the conversation is translated later, once its history is known. */
  static ResponsesRequest parse(byte[] bytes) {
    JsonObject body = ChatInputParser.parseBody(bytes);
    for (Map.Entry<String, String> refused : REFUSED.entrySet()) {
      JsonValue value = body.get(refused.getKey());
      if (value != null && value != JsonValue.NULL && value != JsonValue.FALSE) {
        throw ApiError.badRequest("unsupported_" + refused.getKey(), refused.getValue());
      }
    }
    List<JsonObject> input = inputItems(body.get("input"));
    ResponsesRequest request = new ResponsesRequest(body, input);
    if (input.isEmpty() && request.previousResponseId == null) {
      throw ApiError.badRequest("empty_input", "input must not be empty");
    }
    checkTruncation(body.get("truncation"));
    checkInclude(body.get("include"));
    checkMetadata(body.get("metadata"));
    checkStreamOptions(body.get("stream_options"));
    // Translate once now so a bad field is refused before any history is looked up.
    request.chatBody(List.of());
    return request;
  }

  boolean stream() {
    return stream;
  }

  boolean store() {
    return store;
  }

  String previousResponseId() {
    return previousResponseId;
  }

  /** Whether reasoning streams as a summary (the client asked for one) or as reasoning text. */
  boolean reasoningSummary() {
    return reasoningSummary;
  }

  /** The client's input as items (a string input becomes one user message item). */
  List<JsonObject> input() {
    return input;
  }

  /** The request body, for the fields the Response object echoes. */
  JsonObject body() {
    return body;
  }

  /**
   * The Chat Completions request for this input after {@code history} (the items of the previous
   * response's conversation, already checked when they were stored).
   */
  ChatInput chatInput(List<JsonObject> history, Set<String> allowedOptions) {
    return ChatInputParser.fromOpenAiJson(chatBody(history), allowedOptions);
  }

  JsonObject chatBody(List<JsonObject> history) {
    JsonObjectBuilder chat = JsonText.BUILDERS.createObjectBuilder();
    JsonArrayBuilder messages = JsonText.BUILDERS.createArrayBuilder();
    if (instructions != null && !instructions.isEmpty()) {
      messages.add(chatMessage("system", JsonText.PROVIDER.createValue(instructions)));
    }
    List<JsonObject> items = new ArrayList<>(history.size() + input.size());
    items.addAll(history);
    items.addAll(input);
    new Conversation(messages).addAll(items, history.size());
    chat.add("messages", messages);
    for (Map.Entry<String, JsonValue> field : body.entrySet()) {
      String name = field.getKey();
      JsonValue value = field.getValue();
      if (value == JsonValue.NULL) {
        continue;
      }
      switch (name) {
        case "model" -> chat.add("model", value);
        case "stream" -> chat.add("stream", value);
        case "tools" -> chat.add("tools", tools(value));
        case "tool_choice" -> chat.add("tool_choice", toolChoice(value));
        case "max_output_tokens" -> {
          if (!(value instanceof JsonNumber number)
              || !number.isIntegral()
              || number.longValue() < 1
              || number.longValue() > ChatInputParser.MAX_TOKENS_LIMIT) {
            throw ApiError.badRequest(
                "invalid_max_output_tokens",
                "max_output_tokens must be a whole number from 1 to "
                    + ChatInputParser.MAX_TOKENS_LIMIT);
          }
          chat.add("max_completion_tokens", value);
        }
        case "reasoning" -> reasoning(value, chat);
        case "text" -> text(value, chat);
        default -> {
          if (!OWNED.contains(name)) {
            chat.add(name, value); // temperature, top_p, user, tier... and extra_body fields
          }
        }
      }
    }
    return chat.build();
  }

  // ---- input items -------------------------------------------------------------------------

  private static List<JsonObject> inputItems(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    if (value instanceof JsonString text) {
      if (text.getString().isBlank()) {
        throw ApiError.badRequest("empty_input", "input must not be empty");
      }
      return List.of(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("type", "message")
              .add("role", "user")
              .add("content", text)
              .build());
    }
    if (!(value instanceof JsonArray array)) {
      throw ApiError.badRequest("invalid_input", "input must be a string or an array of items");
    }
    if (array.size() > ChatInputParser.MAX_MESSAGES) {
      throw ApiError.badRequest(
          "too_many_items", "at most " + ChatInputParser.MAX_MESSAGES + " input items");
    }
    List<JsonObject> items = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.get(i) instanceof JsonObject item)) {
        throw ApiError.badRequest("invalid_input", "input[" + i + "] must be an object");
      }
      items.add(item);
    }
    // Checked by translating them alone: the same code that later translates them with history.
    new Conversation(JsonText.BUILDERS.createArrayBuilder()).addAll(items, 0);
    return List.copyOf(items);
  }

  /**
   * Turns items into Chat Completions messages: a function call joins the assistant message just
   * before it (Chat Completions wants a turn's tool calls on one assistant message, followed by the
   * tool results), reasoning goes with the assistant message that follows it as {@code
   * reasoning_content}.
   */
  private static final class Conversation {
    private final JsonArrayBuilder out;
    private JsonObjectBuilder assistant; // the assistant message being put together
    private JsonArrayBuilder toolCalls;
    private String pendingReasoning;
    private String pendingReasoningAt;

    Conversation(JsonArrayBuilder out) {
      this.out = out;
    }

    void addAll(List<JsonObject> items, int historySize) {
      for (int i = 0; i < items.size(); i++) {
        String where =
            i < historySize
                ? "previous_response_id's item " + i
                : "input[" + (i - historySize) + "]";
        add(items.get(i), where);
      }
      flush();
      if (pendingReasoning != null) {
        throw ApiError.badRequest(
            "invalid_input",
            pendingReasoningAt
                + ": a reasoning item must be followed by the message or function call it led to");
      }
    }

    private void add(JsonObject item, String where) {
      String type = item.get("type") instanceof JsonString t ? t.getString() : null;
      if (type == null && item.containsKey("role")) {
        type = "message"; // EasyInputMessage: {role, content}
      }
      if (type == null) {
        throw ApiError.badRequest("invalid_input", where + " must have a type");
      }
      switch (type) {
        case "message" -> message(item, where);
        case "function_call" -> functionCall(item, where);
        case "function_call_output" -> functionOutput(item, where);
        case "reasoning" -> reasoning(item, where);
        case "item_reference" ->
            throw ApiError.badRequest(
                "unsupported_input",
                where + ": item_reference is not supported; send the item itself");
        default ->
            throw ApiError.badRequest(
                "unsupported_input",
                where
                    + ": item type '"
                    + type
                    + "' is not supported (message, function_call, function_call_output,"
                    + " reasoning)");
      }
    }

    private void message(JsonObject item, String where) {
      if (!(item.get("role") instanceof JsonString role)
          || !MESSAGE_ROLES.contains(role.getString())) {
        throw ApiError.badRequest(
            "invalid_input", where + ".role must be one of user, assistant, system, developer");
      }
      flush(); // each assistant message starts a turn; function calls after it join it
      if (role.getString().equals("assistant")) {
        startAssistant();
        assistant.add("content", content(item.get("content"), "assistant", where + ".content"));
        return;
      }
      out.add(
          chatMessage(
              role.getString(),
              content(item.get("content"), role.getString(), where + ".content")));
    }

    private String refusal; // an assistant message's refusal part, for the message being built

    /**
     * A message's content: a string, or parts: {@code input_text}, {@code input_image} ({@code
     * image_url}), {@code input_file} ({@code file_data}); {@code output_text} and {@code refusal}
     * in an assistant message.
     */
    private JsonValue content(JsonValue value, String role, String where) {
      if (value instanceof JsonString) {
        return value;
      }
      if (!(value instanceof JsonArray parts)) {
        throw ApiError.badRequest(
            "invalid_input", where + " must be a string or an array of content parts");
      }
      boolean assistantRole = role.equals("assistant");
      JsonArrayBuilder chat = JsonText.BUILDERS.createArrayBuilder();
      StringBuilder assistantText = new StringBuilder();
      for (int i = 0; i < parts.size(); i++) {
        String at = where + "[" + i + "]";
        if (!(parts.get(i) instanceof JsonObject part)
            || !(part.get("type") instanceof JsonString type)) {
          throw ApiError.badRequest("invalid_content", at + " must be an object with a type");
        }
        switch (type.getString()) {
          case "input_text", "output_text" -> {
            if (!(part.get("text") instanceof JsonString text)) {
              throw ApiError.badRequest("invalid_content", at + ".text must be a string");
            }
            if (type.getString().equals("output_text") != assistantRole) {
              throw ApiError.badRequest(
                  "invalid_content",
                  at
                      + ": "
                      + type.getString()
                      + (assistantRole ? " is not" : " is only")
                      + " allowed in an assistant message");
            }
            assistantText.append(text.getString());
            chat.add(textPart(text.getString()));
          }
          case "refusal" -> {
            if (!assistantRole || !(part.get("refusal") instanceof JsonString text)) {
              throw ApiError.badRequest(
                  "invalid_content",
                  at + ": a refusal (a string) is only allowed from the assistant");
            }
            refusal = (refusal == null ? "" : refusal) + text.getString();
          }
          case "input_image" -> {
            requireUserPart(assistantRole, at, "input_image");
            chat.add(image(part, at));
          }
          case "input_file" -> {
            requireUserPart(assistantRole, at, "input_file");
            chat.add(file(part, at));
          }
          default ->
              throw ApiError.badRequest(
                  "unsupported_content",
                  at
                      + ": content part type '"
                      + type.getString()
                      + "' is not supported (input_text, input_image, input_file, output_text,"
                      + " refusal)");
        }
      }
      // An assistant turn goes upstream as plain text: providers take no parts from it.
      return assistantRole ? JsonText.PROVIDER.createValue(assistantText.toString()) : chat.build();
    }

    private static void requireUserPart(boolean assistantRole, String at, String type) {
      if (assistantRole) {
        throw ApiError.badRequest(
            "invalid_content", at + ": " + type + " is not allowed in an assistant message");
      }
    }

    private static JsonObject image(JsonObject part, String at) {
      if (part.get("file_id") instanceof JsonString) {
        throw ApiError.badRequest(
            "unsupported_content",
            at + ".file_id: uploaded files are not supported; send image_url (a URL or data URL)");
      }
      if (!(part.get("image_url") instanceof JsonString url) || url.getString().isBlank()) {
        throw ApiError.badRequest("invalid_content", at + ".image_url must be a string");
      }
      JsonObjectBuilder image = JsonText.BUILDERS.createObjectBuilder().add("url", url);
      JsonValue detail = part.get("detail");
      if (detail instanceof JsonString) {
        image.add("detail", detail);
      } else if (detail != null && detail != JsonValue.NULL) {
        throw ApiError.badRequest("invalid_content", at + ".detail must be a string");
      }
      return JsonText.BUILDERS
          .createObjectBuilder()
          .add("type", "image_url")
          .add("image_url", image)
          .build();
    }

    private static JsonObject file(JsonObject part, String at) {
      if (part.get("file_id") instanceof JsonString) {
        throw ApiError.badRequest(
            "unsupported_content",
            at + ".file_id: uploaded files are not supported; send file_data");
      }
      if (part.get("file_url") instanceof JsonString) {
        throw ApiError.badRequest(
            "unsupported_content", at + ".file_url is not supported; send file_data");
      }
      if (!(part.get("file_data") instanceof JsonString data) || data.getString().isBlank()) {
        throw ApiError.badRequest("invalid_content", at + ".file_data must be a string");
      }
      JsonObjectBuilder file = JsonText.BUILDERS.createObjectBuilder().add("file_data", data);
      if (part.get("filename") instanceof JsonString name) {
        file.add("filename", name);
      }
      return JsonText.BUILDERS.createObjectBuilder().add("type", "file").add("file", file).build();
    }

    private void functionCall(JsonObject item, String where) {
      String callId = requiredString(item, "call_id", where);
      String name = requiredString(item, "name", where);
      if (!(item.get("arguments") instanceof JsonString arguments)) {
        throw ApiError.badRequest("invalid_input", where + ".arguments must be a string");
      }
      if (assistant == null) {
        startAssistant();
        assistant.add("content", JsonValue.NULL);
      }
      if (toolCalls == null) {
        toolCalls = JsonText.BUILDERS.createArrayBuilder();
      }
      toolCalls.add(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("id", callId)
              .add("type", "function")
              .add(
                  "function",
                  JsonText.BUILDERS
                      .createObjectBuilder()
                      .add("name", name)
                      .add("arguments", arguments)));
    }

    private void functionOutput(JsonObject item, String where) {
      String callId = requiredString(item, "call_id", where);
      JsonValue output = item.get("output");
      JsonValue content;
      if (output instanceof JsonString) {
        content = output;
      } else if (output instanceof JsonArray) {
        content = content(output, "user", where + ".output");
      } else {
        throw ApiError.badRequest(
            "invalid_input", where + ".output must be a string or an array of content parts");
      }
      flush();
      out.add(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("role", "tool")
              .add("tool_call_id", callId)
              .add("content", content));
    }

    /**
     * A reasoning item's text ({@code content}, else its {@code summary}) goes upstream as the next
     * assistant message's {@code reasoning_content}. Reasoning sealed by another service ({@code
     * encrypted_content}) cannot be opened here, so it is refused rather than lost.
     */
    private void reasoning(JsonObject item, String where) {
      JsonValue sealed = item.get("encrypted_content");
      if (sealed instanceof JsonString && !((JsonString) sealed).getString().isEmpty()) {
        throw ApiError.badRequest(
            "unsupported_input",
            where
                + ".encrypted_content: reasoning sealed by another service cannot be passed on;"
                + " drop the item or send its text as content");
      }
      StringBuilder text = new StringBuilder();
      appendTexts(item.get("content"), "reasoning_text", where + ".content", text);
      if (text.isEmpty()) {
        appendTexts(item.get("summary"), "summary_text", where + ".summary", text);
      }
      flush();
      pendingReasoning = (pendingReasoning == null ? "" : pendingReasoning) + text;
      pendingReasoningAt = where;
    }

    private static void appendTexts(
        JsonValue value, String type, String where, StringBuilder text) {
      if (value == null || value == JsonValue.NULL) {
        return;
      }
      if (!(value instanceof JsonArray parts)) {
        throw ApiError.badRequest("invalid_input", where + " must be an array");
      }
      for (int i = 0; i < parts.size(); i++) {
        if (!(parts.get(i) instanceof JsonObject part)
            || !type.equals(part.getString("type", null))
            || !(part.get("text") instanceof JsonString piece)) {
          throw ApiError.badRequest(
              "invalid_input", where + "[" + i + "] must be a " + type + " part with a text");
        }
        text.append(piece.getString());
      }
    }

    private void startAssistant() {
      assistant = JsonText.BUILDERS.createObjectBuilder().add("role", "assistant");
      if (pendingReasoning != null) {
        if (!pendingReasoning.isEmpty()) {
          assistant.add("reasoning_content", pendingReasoning);
        }
        pendingReasoning = null;
      }
    }

    private void flush() {
      if (assistant != null) {
        if (toolCalls != null) {
          assistant.add("tool_calls", toolCalls);
        }
        if (refusal != null) {
          assistant.add("refusal", refusal);
        }
        out.add(assistant);
      }
      assistant = null;
      toolCalls = null;
      refusal = null;
    }
  }

  private static JsonObject chatMessage(String role, JsonValue content) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("role", role)
        .add("content", content)
        .build();
  }

  private static JsonObject textPart(String text) {
    return JsonText.BUILDERS.createObjectBuilder().add("type", "text").add("text", text).build();
  }

  // ---- tools, formats, reasoning -------------------------------------------------------------

  /** Function tools as Chat Completions tools; built-in tools are refused by name. */
  private static JsonArray tools(JsonValue value) {
    if (!(value instanceof JsonArray tools)) {
      throw ApiError.badRequest("invalid_tools", "tools must be an array");
    }
    JsonArrayBuilder chat = JsonText.BUILDERS.createArrayBuilder();
    for (int i = 0; i < tools.size(); i++) {
      String at = "tools[" + i + "]";
      if (!(tools.get(i) instanceof JsonObject tool)
          || !(tool.get("type") instanceof JsonString type)) {
        throw ApiError.badRequest("invalid_tools", at + " must be an object with a type");
      }
      if (!type.getString().equals("function")) {
        throw ApiError.badRequest(
            "unsupported_tool",
            at
                + ": the built-in tool '"
                + type.getString()
                + "' is not supported by this gateway; declare a function tool instead");
      }
      if (!(tool.get("name") instanceof JsonString name) || name.getString().isBlank()) {
        throw ApiError.badRequest("invalid_tools", at + ".name must be a non-empty string");
      }
      JsonObjectBuilder function = JsonText.BUILDERS.createObjectBuilder().add("name", name);
      for (String field : List.of("description", "parameters", "strict")) {
        JsonValue v = tool.get(field);
        if (v != null && v != JsonValue.NULL) {
          function.add(field, v);
        }
      }
      JsonValue parameters = tool.get("parameters");
      if (parameters != null
          && parameters != JsonValue.NULL
          && !(parameters instanceof JsonObject)) {
        throw ApiError.badRequest("invalid_tools", at + ".parameters must be an object");
      }
      chat.add(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("type", "function")
              .add("function", function));
    }
    return chat.build();
  }

  private static JsonValue toolChoice(JsonValue value) {
    if (value instanceof JsonString mode) {
      if (!Set.of("none", "auto", "required").contains(mode.getString())) {
        throw ApiError.badRequest(
            "invalid_tool_choice", "tool_choice must be none, auto, required or a function");
      }
      return value;
    }
    if (value instanceof JsonObject choice && choice.get("type") instanceof JsonString type) {
      if (type.getString().equals("function") && choice.get("name") instanceof JsonString name) {
        return JsonText.BUILDERS
            .createObjectBuilder()
            .add("type", "function")
            .add("function", JsonText.BUILDERS.createObjectBuilder().add("name", name))
            .build();
      }
      throw ApiError.badRequest(
          "unsupported_tool_choice",
          "tool_choice type '" + type.getString() + "' is not supported (a function by name)");
    }
    throw ApiError.badRequest(
        "invalid_tool_choice", "tool_choice must be a string or an object with a type");
  }

  /** {@code reasoning.effort} becomes {@code reasoning_effort}; {@code summary} sets the events. */
  private static void reasoning(JsonValue value, JsonObjectBuilder chat) {
    if (!(value instanceof JsonObject reasoning)) {
      throw ApiError.badRequest("invalid_reasoning", "reasoning must be an object");
    }
    for (Map.Entry<String, JsonValue> field : reasoning.entrySet()) {
      JsonValue v = field.getValue();
      switch (field.getKey()) {
        case "effort" -> {
          if (v instanceof JsonString effort) {
            chat.add("reasoning_effort", effort);
          } else if (v != JsonValue.NULL) {
            throw ApiError.badRequest("invalid_reasoning", "reasoning.effort must be a string");
          }
        }
        case "summary", "generate_summary" -> {
          if (v instanceof JsonString summary) {
            if (!Set.of("auto", "concise", "detailed").contains(summary.getString())) {
              throw ApiError.badRequest(
                  "invalid_reasoning",
                  "reasoning." + field.getKey() + " must be auto, concise or detailed");
            }
          } else if (v != JsonValue.NULL) {
            throw ApiError.badRequest(
                "invalid_reasoning", "reasoning." + field.getKey() + " must be a string");
          }
        }
        default ->
            throw ApiError.badRequest(
                "invalid_reasoning",
                "reasoning." + field.getKey() + " is not supported (effort, summary)");
      }
    }
  }

  /** {@code text.format} becomes {@code response_format}; {@code text.verbosity} passes on. */
  private static void text(JsonValue value, JsonObjectBuilder chat) {
    if (!(value instanceof JsonObject text)) {
      throw ApiError.badRequest("invalid_text", "text must be an object");
    }
    for (Map.Entry<String, JsonValue> field : text.entrySet()) {
      JsonValue v = field.getValue();
      if (v == JsonValue.NULL) {
        continue;
      }
      switch (field.getKey()) {
        case "format" -> {
          JsonObject format = format(v);
          if (format != null) {
            chat.add("response_format", format);
          }
        }
        case "verbosity" -> {
          if (!(v instanceof JsonString)) {
            throw ApiError.badRequest("invalid_text", "text.verbosity must be a string");
          }
          chat.add("verbosity", v);
        }
        default ->
            throw ApiError.badRequest(
                "invalid_text", "text." + field.getKey() + " is not supported (format, verbosity)");
      }
    }
  }

  private static JsonObject format(JsonValue value) {
    if (!(value instanceof JsonObject format) || !(format.get("type") instanceof JsonString type)) {
      throw ApiError.badRequest("invalid_text", "text.format must be an object with a type");
    }
    switch (type.getString()) {
      case "text" -> {
        return null; // the default: plain text
      }
      case "json_object" -> {
        return JsonText.BUILDERS.createObjectBuilder().add("type", "json_object").build();
      }
      case "json_schema" -> {
        if (!(format.get("name") instanceof JsonString name) || name.getString().isBlank()) {
          throw ApiError.badRequest("invalid_text", "text.format.name must be a non-empty string");
        }
        if (!(format.get("schema") instanceof JsonObject schema)) {
          throw ApiError.badRequest("invalid_text", "text.format.schema must be an object");
        }
        JsonObjectBuilder jsonSchema =
            JsonText.BUILDERS.createObjectBuilder().add("name", name).add("schema", schema);
        for (String field : List.of("description", "strict")) {
          JsonValue v = format.get(field);
          if (v != null && v != JsonValue.NULL) {
            jsonSchema.add(field, v);
          }
        }
        return JsonText.BUILDERS
            .createObjectBuilder()
            .add("type", "json_schema")
            .add("json_schema", jsonSchema)
            .build();
      }
      default ->
          throw ApiError.badRequest(
              "invalid_text",
              "text.format.type must be text, json_object or json_schema, not '"
                  + type.getString()
                  + "'");
    }
  }

  // ---- small checks ----------------------------------------------------------------------------

  private static void checkTruncation(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return;
    }
    if (!(value instanceof JsonString mode)
        || !Set.of("disabled", "auto").contains(mode.getString())) {
      throw ApiError.badRequest("invalid_truncation", "truncation must be disabled or auto");
    }
    if (mode.getString().equals("auto")) {
      throw ApiError.badRequest(
          "unsupported_truncation",
          "truncation auto is not supported: the gateway never drops input items");
    }
  }

  private static void checkInclude(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return;
    }
    if (!(value instanceof JsonArray include)) {
      throw ApiError.badRequest("invalid_include", "include must be an array of strings");
    }
    for (JsonValue item : include) {
      if (!(item instanceof JsonString name)) {
        throw ApiError.badRequest("invalid_include", "include must be an array of strings");
      }
      if (!INCLUDABLE.contains(name.getString())) {
        throw ApiError.badRequest(
            "unsupported_include",
            "include '" + name.getString() + "' is not supported (reasoning.encrypted_content)");
      }
    }
  }

  private static void checkMetadata(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return;
    }
    if (!(value instanceof JsonObject metadata) || metadata.size() > MAX_METADATA_KEYS) {
      throw ApiError.badRequest(
          "invalid_metadata", "metadata must be an object of at most 16 string values");
    }
    for (Map.Entry<String, JsonValue> entry : metadata.entrySet()) {
      if (entry.getKey().length() > 64
          || !(entry.getValue() instanceof JsonString text)
          || text.getString().length() > 512) {
        throw ApiError.badRequest(
            "invalid_metadata",
            "metadata keys are at most 64 characters, values strings of at most 512");
      }
    }
  }

  private static void checkStreamOptions(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return;
    }
    if (!(value instanceof JsonObject options)) {
      throw ApiError.badRequest("invalid_stream_options", "stream_options must be an object");
    }
    for (Map.Entry<String, JsonValue> option : options.entrySet()) {
      // include_obfuscation: the gateway never adds obfuscation padding, so both values hold.
      if (!option.getKey().equals("include_obfuscation")
          || !(option.getValue() == JsonValue.TRUE || option.getValue() == JsonValue.FALSE)) {
        throw ApiError.badRequest(
            "invalid_stream_options", "stream_options holds only include_obfuscation (a boolean)");
      }
    }
  }

  private static boolean flag(JsonObject json, String name, boolean absent) {
    JsonValue value = json.get(name);
    if (value == null || value == JsonValue.NULL) {
      return absent;
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw ApiError.badRequest("invalid_" + name, name + " must be true or false");
  }

  private static String optionalString(JsonObject json, String name) {
    JsonValue value = json.get(name);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString text)) {
      throw ApiError.badRequest("invalid_" + name, name + " must be a string");
    }
    return text.getString();
  }

  private static String requiredString(JsonObject item, String field, String where) {
    if (!(item.get(field) instanceof JsonString value) || value.getString().isEmpty()) {
      throw ApiError.badRequest(
          "invalid_input", where + "." + field + " must be a non-empty string");
    }
    return value.getString();
  }
}
