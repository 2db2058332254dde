package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.settings.SettingKind;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates what clients send, for both the native and the OpenAI endpoint, and says exactly what
 * is wrong (HTTP 400 with the offending field) instead of letting bad input reach a provider.
 */
public final class ChatInputParser {

  /** A parse-time bound; MAX_MESSAGES (GatewaySettings) sets the limit in force below it. */
  public static final int MAX_MESSAGES = 10_000;

  public static final int MAX_TOKENS_LIMIT = 1_000_000;

  private static final Set<String> ROLES =
      Set.of("system", "developer", "user", "assistant", "tool");

  /** Fields the gateway sets itself; everything else passes through to the provider. */
  private static final Set<String> OWNED =
      Set.of(
          "model",
          "messages",
          "q",
          "stream",
          "stream_options",
          "max_tokens",
          "max_completion_tokens",
          "n",
          "tier",
          "cache");

  private static final Map<String, double[]> NUMBER_RANGES =
      Map.of(
          "temperature", new double[] {0, 2},
          "top_p", new double[] {0, 1},
          "presence_penalty", new double[] {-2, 2},
          "frequency_penalty", new double[] {-2, 2});

  /**
   * OpenRouter fields that choose models or providers: the router decides those, so a client may
   * not, unless the operator allows them ({@code ALLOWED_PROVIDER_OPTIONS}).
   */
  private static final Set<String> ROUTING_OPTIONS = Set.copyOf(SettingKind.PROVIDER_OPTION_NAMES);

  private ChatInputParser() {}

  private static void checkTools(JsonValue value) {
    if (!(value instanceof JsonArray tools)) {
      throw ApiError.badRequest("invalid_tools", "tools must be an array");
    }
    for (int i = 0; i < tools.size(); i++) {
      if (!(tools.get(i) instanceof JsonObject tool && tool.get("type") instanceof JsonString)) {
        throw ApiError.badRequest(
            "invalid_tools", "tools[" + i + "] must be an object with a type");
      }
      if (tool.get("function") instanceof JsonObject function
          && !(function.get("name") instanceof JsonString)) {
        throw ApiError.badRequest(
            "invalid_tools", "tools[" + i + "].function.name must be a string");
      }
    }
  }

  /** {@code GET /api/v1/stream/chat?q=...&model=...&max_tokens=...}. */
  public static ChatInput fromQuery(String q, String model, String maxTokens, String tier) {
    String prompt = requirePrompt(q);
    Integer cap = null;
    if (maxTokens != null && !maxTokens.isEmpty()) {
      try {
        cap = checkMaxTokens(Long.parseLong(maxTokens.trim()), "max_tokens");
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("invalid_max_tokens", "max_tokens must be a whole number");
      }
    }
    String chosen = model == null || model.isBlank() ? null : model.trim();
    ChatRequest request =
        new ChatRequest(
            chosen, List.of(new ChatMessage("user", prompt)), cap, JsonValue.EMPTY_JSON_OBJECT);
    return new ChatInput(request, true, true, tier == null || tier.isBlank() ? null : tier, true);
  }

  /** The JSON body of {@code POST /api/v1/stream/chat}, no routing option allowed. */
  public static ChatInput fromNativeBody(byte[] body) {
    return fromNativeBody(body, Set.of());
  }

  /**
   * The JSON body of {@code POST /api/v1/stream/chat}: {@code q} or {@code messages}.
   *
   * @param allowed the routing options ({@code models}, {@code provider}...) that may pass upstream
   */
  public static ChatInput fromNativeBody(byte[] body, Set<String> allowed) {
    JsonObject json = parseBody(body);
    List<ChatMessage> messages;
    if (json.containsKey("messages")) {
      messages = messages(json.get("messages"));
    } else if (json.containsKey("q")) {
      if (!(json.get("q") instanceof JsonString q)) {
        throw ApiError.badRequest("invalid_q", "q must be a string");
      }
      messages = List.of(new ChatMessage("user", requirePrompt(q.getString())));
    } else {
      throw ApiError.badRequest("missing_prompt", "send the prompt as q or as messages");
    }
    return new ChatInput(request(json, messages, allowed), true, true, tier(json), cache(json));
  }

  /** The JSON body of {@code POST /v1/chat/completions}, no routing option allowed. */
  public static ChatInput fromOpenAiBody(byte[] body) {
    return fromOpenAiBody(body, Set.of());
  }

  /**
   * The JSON body of {@code POST /v1/chat/completions}.
   *
   * @param allowed the routing options ({@code models}, {@code provider}...) that may pass upstream
   */
  public static ChatInput fromOpenAiBody(byte[] body, Set<String> allowed) {
    return fromOpenAiJson(parseBody(body), allowed);
  }

  /**
   * A Chat Completions request already parsed (or translated from another API's request): the same
   * checks as {@link #fromOpenAiBody}.
   */
  static ChatInput fromOpenAiJson(JsonObject json, Set<String> allowed) {
    if (!json.containsKey("messages")) {
      throw ApiError.badRequest("missing_messages", "messages is required");
    }
    List<ChatMessage> messages = messages(json.get("messages"));
    boolean stream = booleanField(json, "stream");
    boolean includeUsage = false;
    JsonValue options = json.get("stream_options");
    if (options != null && options != JsonValue.NULL) {
      if (!(options instanceof JsonObject object)) {
        throw ApiError.badRequest("invalid_stream_options", "stream_options must be an object");
      }
      includeUsage = booleanField(object, "include_usage");
    }
    JsonValue n = json.get("n");
    if (n != null
        && n != JsonValue.NULL
        && !(n instanceof JsonNumber number && number.isIntegral() && number.longValue() == 1)) {
      throw ApiError.badRequest("unsupported_n", "only n = 1 is supported");
    }
    return new ChatInput(
        request(json, messages, allowed), stream, includeUsage, tier(json), cache(json));
  }

  /** Our extension field {@code cache}: false keeps this request out of the response cache. */
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

  /** Our extension field {@code tier}: a string naming a tier, validated by the router. */
  private static String tier(JsonObject json) {
    JsonValue value = json.get("tier");
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString name)) {
      throw ApiError.badRequest("invalid_tier", "tier must be one of NANO, FAST, SMART, GENIUS");
    }
    return name.getString();
  }

  private static ChatRequest request(
      JsonObject json, List<ChatMessage> messages, Set<String> allowed) {
    String model = null;
    JsonValue modelValue = json.get("model");
    if (modelValue != null && modelValue != JsonValue.NULL) {
      if (!(modelValue instanceof JsonString name) || name.getString().isBlank()) {
        throw ApiError.badRequest("invalid_model", "model must be a non-empty string");
      }
      model = name.getString().trim();
    }
    Integer maxTokens = null;
    String maxTokensField = null;
    for (String field : List.of("max_tokens", "max_completion_tokens")) {
      JsonValue value = json.get(field);
      if (value != null && value != JsonValue.NULL) {
        if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
          throw ApiError.badRequest("invalid_" + field, field + " must be a whole number");
        }
        maxTokens = checkMaxTokens(number.longValue(), field);
        maxTokensField = field;
      }
    }
    JsonObjectBuilder options = JsonText.BUILDERS.createObjectBuilder();
    for (Map.Entry<String, JsonValue> field : json.entrySet()) {
      if (!OWNED.contains(field.getKey())) {
        checkOption(field.getKey(), field.getValue(), allowed);
        options.add(field.getKey(), field.getValue());
      }
    }
    return new ChatRequest(model, messages, maxTokens, options.build(), maxTokensField);
  }

  private static void checkOption(String name, JsonValue value, Set<String> allowed) {
    if (ROUTING_OPTIONS.contains(name) && !allowed.contains(name)) {
      // They would let a client pick other models or providers behind the router's back.
      throw new ApiError(
          400,
          "option_not_allowed",
          name
              + " is not allowed: the gateway chooses the model and provider"
              + " (the operator may allow it for every key, ALLOWED_PROVIDER_OPTIONS, or for this key: allowed_options)");
    }
    if (value == JsonValue.NULL) {
      return;
    }
    switch (name) {
      case "tools" -> checkTools(value);
      case "tool_choice" -> {
        if (!(value instanceof JsonString) && !(value instanceof JsonObject)) {
          throw ApiError.badRequest(
              "invalid_tool_choice", "tool_choice must be a string or an object");
        }
      }
      case "response_format" -> {
        if (!(value instanceof JsonObject format
            && format.get("type") instanceof JsonString type)) {
          throw ApiError.badRequest(
              "invalid_response_format", "response_format must be an object with a type");
        }
        if (type.getString().equals("json_schema")
            && !(format.get("json_schema") instanceof JsonObject)) {
          throw ApiError.badRequest(
              "invalid_response_format", "response_format.json_schema must be an object");
        }
      }
      case "parallel_tool_calls", "logprobs" -> {
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
          throw ApiError.badRequest("invalid_" + name, name + " must be true or false");
        }
      }
      default -> {}
    }
    double[] range = NUMBER_RANGES.get(name);
    if (range != null && value != JsonValue.NULL) {
      if (!(value instanceof JsonNumber number)
          || number.doubleValue() < range[0]
          || number.doubleValue() > range[1]) {
        throw ApiError.badRequest(
            "invalid_" + name, name + " must be a number from " + range[0] + " to " + range[1]);
      }
    }
    if (name.equals("stop")
        && value != JsonValue.NULL
        && !(value instanceof JsonString)
        && !(value instanceof JsonArray array
            && array.stream().allMatch(item -> item instanceof JsonString))) {
      throw ApiError.badRequest("invalid_stop", "stop must be a string or an array of strings");
    }
  }

  static List<ChatMessage> messages(JsonValue value) {
    if (!(value instanceof JsonArray array)) {
      throw ApiError.badRequest("invalid_messages", "messages must be an array");
    }
    if (array.isEmpty()) {
      throw ApiError.badRequest("invalid_messages", "messages must not be empty");
    }
    if (array.size() > MAX_MESSAGES) {
      throw ApiError.badRequest("too_many_messages", "at most " + MAX_MESSAGES + " messages");
    }
    List<ChatMessage> messages = new ArrayList<>(array.size());
    boolean anyInput = false;
    for (int i = 0; i < array.size(); i++) {
      String where = "messages[" + i + "]";
      if (!(array.get(i) instanceof JsonObject message)) {
        throw ApiError.badRequest("invalid_messages", where + " must be an object");
      }
      if (!(message.get("role") instanceof JsonString role) || !ROLES.contains(role.getString())) {
        throw ApiError.badRequest(
            "invalid_messages",
            where + ".role must be one of " + String.join(", ", ROLES.stream().sorted().toList()));
      }
      Content content = content(message.get("content"), where);
      int extraTokens = content.mediaParts() * TokenEstimator.MEDIA_PART_TOKENS;
      if (role.getString().equals("tool")
          && !(message.get("tool_call_id") instanceof JsonString id && !id.getString().isEmpty())) {
        throw ApiError.badRequest(
            "invalid_messages", where + ".tool_call_id is required in a tool message");
      }
      JsonValue toolCalls = message.get("tool_calls");
      if (toolCalls != null && toolCalls != JsonValue.NULL) {
        if (!role.getString().equals("assistant")) {
          throw ApiError.badRequest(
              "invalid_messages", where + ".tool_calls is only allowed in an assistant message");
        }
        extraTokens += toolCallTokens(toolCalls, where + ".tool_calls");
      }
      anyInput |= !content.text().isBlank() || content.mediaParts() > 0 || extraTokens > 0;
      messages.add(new ChatMessage(role.getString(), content.text(), extraTokens, message));
    }
    if (!anyInput) {
      throw ApiError.badRequest("empty_prompt", "the messages hold no text");
    }
    return messages;
  }

  /** What a message's content holds for the gateway: its text, and how many media parts. */
  private record Content(String text, int mediaParts) {}

  /**
   * A string, or OpenAI's array of content parts: text, image_url, input_audio, file (and refusal,
   * in an assistant message). Parts pass upstream as they are; only their shape is checked.
   */
  private static Content content(JsonValue value, String where) {
    if (value instanceof JsonString text) {
      return new Content(text.getString(), 0);
    }
    if (value == null || value == JsonValue.NULL) {
      return new Content("", 0);
    }
    if (!(value instanceof JsonArray parts)) {
      throw ApiError.badRequest(
          "invalid_messages", where + ".content must be a string or an array of content parts");
    }
    StringBuilder text = new StringBuilder();
    int media = 0;
    for (int i = 0; i < parts.size(); i++) {
      String at = where + ".content[" + i + "]";
      if (!(parts.get(i) instanceof JsonObject part)
          || !(part.get("type") instanceof JsonString type)) {
        throw ApiError.badRequest("invalid_content", at + " must be an object with a type");
      }
      switch (type.getString()) {
        case "text" -> {
          if (!(part.get("text") instanceof JsonString partText)) {
            throw ApiError.badRequest("invalid_content", at + ".text must be a string");
          }
          text.append(partText.getString());
        }
        case "image_url" -> {
          JsonValue image = part.get("image_url");
          if (!(image instanceof JsonObject object && object.get("url") instanceof JsonString)) {
            throw ApiError.badRequest(
                "invalid_content", at + ".image_url must be an object with a url");
          }
          media++;
        }
        case "input_audio" -> {
          if (!(part.get("input_audio") instanceof JsonObject)) {
            throw ApiError.badRequest("invalid_content", at + ".input_audio must be an object");
          }
          media++;
        }
        case "file" -> {
          if (!(part.get("file") instanceof JsonObject)) {
            throw ApiError.badRequest("invalid_content", at + ".file must be an object");
          }
          media++;
        }
        case "refusal" -> {
          if (!(part.get("refusal") instanceof JsonString)) {
            throw ApiError.badRequest("invalid_content", at + ".refusal must be a string");
          }
        }
        default ->
            throw ApiError.badRequest(
                "unsupported_content",
                at
                    + ": unknown content part type '"
                    + type.getString()
                    + "' (text, image_url, input_audio, file, refusal)");
      }
    }
    return new Content(text.toString(), media);
  }

  /** Checks an assistant message's tool calls; returns the estimated tokens of their arguments. */
  private static int toolCallTokens(JsonValue value, String where) {
    if (!(value instanceof JsonArray calls)) {
      throw ApiError.badRequest("invalid_messages", where + " must be an array");
    }
    int tokens = 0;
    for (int i = 0; i < calls.size(); i++) {
      String at = where + "[" + i + "]";
      if (!(calls.get(i) instanceof JsonObject call)
          || !(call.get("id") instanceof JsonString)
          || !(call.get("function") instanceof JsonObject function)
          || !(function.get("name") instanceof JsonString name)) {
        throw ApiError.badRequest(
            "invalid_messages", at + " must be an object with an id and a function name");
      }
      String arguments =
          function.get("arguments") instanceof JsonString args ? args.getString() : "";
      tokens +=
          3 + TokenEstimator.textTokens(name.getString()) + TokenEstimator.textTokens(arguments);
    }
    return tokens;
  }

  /** A request body as one JSON object, or a 400 saying why it is not. */
  static JsonObject parseBody(byte[] body) {
    if (body.length == 0) {
      throw ApiError.badRequest("empty_body", "the request body is empty; send a JSON object");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw ApiError.badRequest("invalid_encoding", "the request body is not valid UTF-8");
    }
    if (!text.stripLeading().startsWith("{")) {
      throw ApiError.badRequest("invalid_json", "the request body must be a JSON object");
    }
    try {
      return JsonText.parseObject(text);
    } catch (JsonParsingException e) {
      throw ApiError.badRequest(
          "invalid_json",
          "the request body is not valid JSON: "
              + e.getLocation().getLineNumber()
              + ":"
              + e.getLocation().getColumnNumber());
    } catch (JsonException | IllegalStateException | ClassCastException e) {
      throw ApiError.badRequest("invalid_json", "the request body must be a JSON object");
    }
  }

  private static String requirePrompt(String q) {
    if (q == null || q.isBlank()) {
      throw ApiError.badRequest("missing_prompt", "q must not be empty");
    }
    return q;
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

  static int checkMaxTokens(long value, String field) {
    if (value < 1 || value > MAX_TOKENS_LIMIT) {
      throw ApiError.badRequest(
          "invalid_" + field, field + " must be between 1 and " + MAX_TOKENS_LIMIT);
    }
    return (int) value;
  }
}
