package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An OpenAI conversation as Anthropic's {@code system} and {@code messages}: system and developer
 * messages become system text blocks (all of them, in order, wherever they stood: the Messages API
 * has no system turn); user and tool messages become user turns, assistant messages assistant
 * turns, and consecutive turns of one role are merged (Anthropic wants them alternating, and
 * documents that it merges them itself). What has no Anthropic form is refused, naming the field.
 */
final class AnthropicTurns {

  /** OpenRouter's {@code reasoning_details} format for Claude's signed thinking. */
  static final String REASONING_FORMAT = "anthropic-claude-v1";

  private static final Set<String> IMAGE_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "system", Set.of("role", "content"),
          "developer", Set.of("role", "content"),
          "user", Set.of("role", "content"),
          "assistant",
              Set.of(
                  "role",
                  "content",
                  "tool_calls",
                  "refusal",
                  "reasoning_details",
                  "reasoning_content",
                  "reasoning"),
          "tool", Set.of("role", "content", "tool_call_id"));

  /** The translated conversation; {@code system} is empty when there was none. */
  record Translated(JsonArray system, JsonArray messages) {}

  private AnthropicTurns() {}

  static Translated of(List<ChatMessage> messages) throws UpstreamFailure {
    JsonArrayBuilder system = JsonText.BUILDERS.createArrayBuilder();
    List<String> roles = new ArrayList<>();
    List<JsonArrayBuilder> turns = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonObject json = messages.get(i).json();
      String where = "messages[" + i + "]";
      String role = json.getString("role", "");
      checkFields(json, role, where);
      if (role.equals("system") || role.equals("developer")) {
        for (JsonObject block : content(json.get("content"), "system", where)) {
          if (!"text".equals(block.getString("type"))) {
            throw AnthropicRequest.refuse(where + ".content: a system message holds text only");
          }
          system.add(block);
        }
        continue;
      }
      List<JsonObject> blocks =
          switch (role) {
            case "user" -> content(json.get("content"), "user", where);
            case "assistant" -> assistant(json, where);
            default -> List.of(toolResult(json, where));
          };
      if (blocks.isEmpty()) {
        continue; // an assistant turn that said nothing (content null, no tool calls)
      }
      String anthropicRole = role.equals("assistant") ? "assistant" : "user";
      if (roles.isEmpty() || !roles.get(roles.size() - 1).equals(anthropicRole)) {
        roles.add(anthropicRole);
        turns.add(JsonText.BUILDERS.createArrayBuilder());
      }
      JsonArrayBuilder turn = turns.get(turns.size() - 1);
      blocks.forEach(turn::add);
    }
    JsonArrayBuilder out = JsonText.BUILDERS.createArrayBuilder();
    for (int i = 0; i < turns.size(); i++) {
      out.add(
          JsonText.BUILDERS
              .createObjectBuilder()
              .add("role", roles.get(i))
              .add("content", turns.get(i)));
    }
    return new Translated(system.build(), out.build());
  }

  /** A field Anthropic has no place for ({@code name}, {@code audio}...) is refused, not lost. */
  private static void checkFields(JsonObject json, String role, String where)
      throws UpstreamFailure {
    Set<String> known = FIELDS.getOrDefault(role, Set.of());
    for (Map.Entry<String, JsonValue> field : json.entrySet()) {
      if (field.getValue() != JsonValue.NULL && !known.contains(field.getKey())) {
        throw AnthropicRequest.refuse(where + "." + field.getKey());
      }
    }
  }

  /**
   * An assistant turn: its signed thinking first (Anthropic wants it before the text and tool calls
   * it led to), then its text (or refusal), then its tool calls as {@code tool_use} blocks.
   */
  private static List<JsonObject> assistant(JsonObject json, String where) throws UpstreamFailure {
    List<JsonObject> blocks = new ArrayList<>(thinking(json.get("reasoning_details"), where));
    blocks.addAll(content(json.get("content"), "assistant", where));
    if (json.get("refusal") instanceof JsonString refusal && !refusal.getString().isEmpty()) {
      blocks.add(text(refusal.getString(), null));
    }
    JsonValue calls = json.get("tool_calls");
    if (calls instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        blocks.add(toolUse(array.get(i), where + ".tool_calls[" + i + "]"));
      }
    } else if (calls != null && calls != JsonValue.NULL) {
      throw AnthropicRequest.refuse(where + ".tool_calls that is not an array");
    }
    return blocks;
  }

  private static JsonObject toolUse(JsonValue value, String where) throws UpstreamFailure {
    if (!(value instanceof JsonObject call)
        || !"function".equals(call.getString("type", "function"))
        || !(call.get("function") instanceof JsonObject function)
        || !(call.get("id") instanceof JsonString id)
        || !(function.get("name") instanceof JsonString name)) {
      throw AnthropicRequest.refuse(where + ": only function calls with an id and a name");
    }
    String arguments =
        function.get("arguments") instanceof JsonString text ? text.getString().strip() : "";
    JsonObject input;
    try {
      // Some clients write a call without arguments as "": it is the empty object.
      input = arguments.isEmpty() ? JsonValue.EMPTY_JSON_OBJECT : JsonText.parseObject(arguments);
    } catch (RuntimeException notAnObject) {
      throw AnthropicRequest.refuse(
          where + ".function.arguments that are not a JSON object (Anthropic takes parsed input)");
    }
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("type", "tool_use")
        .add("id", id.getString())
        .add("name", name.getString())
        .add("input", input)
        .build();
  }

  private static JsonObject toolResult(JsonObject json, String where) throws UpstreamFailure {
    JsonObjectBuilder result =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("type", "tool_result")
            .add("tool_use_id", json.getString("tool_call_id", ""));
    JsonValue content = json.get("content");
    if (content instanceof JsonString text) {
      if (!text.getString().isEmpty()) {
        result.add("content", text.getString());
      }
    } else {
      List<JsonObject> blocks = content(content, "tool", where);
      if (!blocks.isEmpty()) {
        JsonArrayBuilder array = JsonText.BUILDERS.createArrayBuilder();
        blocks.forEach(array::add);
        result.add("content", array);
      }
    }
    return result.build();
  }

  /**
   * The client's {@code reasoning_details} (OpenRouter's shape, which this adapter streams) as
   * thinking blocks: signed {@code reasoning.text} pieces of one index joined into one {@code
   * thinking} block, {@code reasoning.encrypted} as {@code redacted_thinking}. Unsigned reasoning,
   * summaries and another vendor's format are left out: Anthropic accepts no thinking it did not
   * sign, and ignores earlier turns' thinking anyway.
   */
  private static List<JsonObject> thinking(JsonValue value, String where) throws UpstreamFailure {
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    if (!(value instanceof JsonArray details)) {
      throw AnthropicRequest.refuse(where + ".reasoning_details that is not an array");
    }
    Map<String, String[]> signed = new LinkedHashMap<>(); // key -> {text, signature} or {data}
    for (int i = 0; i < details.size(); i++) {
      if (!(details.get(i) instanceof JsonObject detail)
          || !REASONING_FORMAT.equals(detail.getString("format", REASONING_FORMAT))) {
        continue;
      }
      String key =
          detail.get("index") instanceof jakarta.json.JsonNumber index
              ? "i" + index.intValue()
              : "n" + i;
      switch (detail.getString("type", "")) {
        case "reasoning.text" -> {
          String[] piece = signed.computeIfAbsent(key, k -> new String[] {"", null});
          piece[0] += detail.getString("text", "");
          if (detail.get("signature") instanceof JsonString signature) {
            piece[1] = signature.getString();
          }
        }
        case "reasoning.encrypted" -> {
          if (detail.get("data") instanceof JsonString data) {
            signed.put(key, new String[] {data.getString()});
          }
        }
        default -> {}
      }
    }
    List<JsonObject> blocks = new ArrayList<>();
    for (String[] piece : signed.values()) {
      if (piece.length == 1) {
        blocks.add(
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("type", "redacted_thinking")
                .add("data", piece[0])
                .build());
      } else if (piece[1] != null) {
        blocks.add(
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("type", "thinking")
                .add("thinking", piece[0])
                .add("signature", piece[1])
                .build());
      }
    }
    return blocks;
  }

  /** A message's content as blocks: a string or OpenAI content parts. */
  private static List<JsonObject> content(JsonValue content, String role, String where)
      throws UpstreamFailure {
    if (content == null || content == JsonValue.NULL) {
      return List.of();
    }
    if (content instanceof JsonString text) {
      // Anthropic refuses empty text blocks; an empty string says nothing to carry.
      return text.getString().isEmpty() ? List.of() : List.of(text(text.getString(), null));
    }
    if (!(content instanceof JsonArray parts)) {
      throw AnthropicRequest.refuse(where + ".content that is neither a string nor parts");
    }
    List<JsonObject> blocks = new ArrayList<>(parts.size());
    for (int i = 0; i < parts.size(); i++) {
      String at = where + ".content[" + i + "]";
      if (!(parts.get(i) instanceof JsonObject part)) {
        throw AnthropicRequest.refuse(at + " that is not an object");
      }
      JsonObject block = part(part, role, at);
      if (block != null) {
        blocks.add(block);
      }
    }
    return blocks;
  }

  private static JsonObject part(JsonObject part, String role, String at) throws UpstreamFailure {
    String type = part.getString("type", "");
    JsonValue cacheControl = part.get("cache_control");
    switch (type) {
      case "text" -> {
        String text = part.get("text") instanceof JsonString s ? s.getString() : "";
        return text.isEmpty() ? null : text(text, cacheControl);
      }
      case "refusal" -> {
        if (!role.equals("assistant")) {
          throw AnthropicRequest.refuse(at + ": a refusal part outside an assistant message");
        }
        String text = part.get("refusal") instanceof JsonString s ? s.getString() : "";
        return text.isEmpty() ? null : text(text, cacheControl);
      }
      case "image_url" -> {
        if (!role.equals("user") && !role.equals("tool")) {
          throw AnthropicRequest.refuse(at + ": Anthropic takes images from the user only");
        }
        JsonValue image = part.get("image_url");
        String url =
            image instanceof JsonObject object && object.get("url") instanceof JsonString u
                ? u.getString()
                : image instanceof JsonString u ? u.getString() : "";
        return withCacheControl(
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("type", "image")
                .add("source", imageSource(url, at)),
            cacheControl);
      }
      case "file" -> {
        if (!role.equals("user")) {
          throw AnthropicRequest.refuse(at + ": a file outside a user message");
        }
        return document(part, cacheControl, at);
      }
      case "input_audio" -> throw AnthropicRequest.refuse(at + ": audio input (input_audio)");
      default -> throw AnthropicRequest.refuse(at + ": a content part of type '" + type + "'");
    }
  }

  /**
   * An {@code image_url}: a {@code data:} URL becomes a base64 source (Anthropic takes JPEG, PNG,
   * GIF and WebP), an http(s) URL a URL source that Anthropic fetches. OpenAI's {@code detail} hint
   * has no Anthropic counterpart: Anthropic sizes every image itself.
   */
  private static JsonObjectBuilder imageSource(String url, String at) throws UpstreamFailure {
    if (url.startsWith("data:")) {
      String[] data = dataUrl(url, at + ".image_url.url");
      if (!IMAGE_TYPES.contains(data[0])) {
        throw AnthropicRequest.refuse(
            at + ": an image of type " + data[0] + " (Anthropic takes JPEG, PNG, GIF, WebP)");
      }
      return JsonText.BUILDERS
          .createObjectBuilder()
          .add("type", "base64")
          .add("media_type", data[0])
          .add("data", data[1]);
    }
    if (url.startsWith("https://") || url.startsWith("http://")) {
      return JsonText.BUILDERS.createObjectBuilder().add("type", "url").add("url", url);
    }
    throw AnthropicRequest.refuse(at + ".image_url.url that is neither a data: nor an http(s) URL");
  }

  /** A PDF sent inline ({@code file.file_data}) is a document block; uploaded files are not. */
  private static JsonObject document(JsonObject part, JsonValue cacheControl, String at)
      throws UpstreamFailure {
    if (!(part.get("file") instanceof JsonObject file)
        || !(file.get("file_data") instanceof JsonString fileData)) {
      throw AnthropicRequest.refuse(
          at + ".file without file_data (OpenAI file ids mean nothing to Anthropic)");
    }
    if (file.containsKey("file_id")) {
      throw AnthropicRequest.refuse(at + ".file.file_id");
    }
    String[] data = dataUrl(fileData.getString(), at + ".file.file_data");
    if (!data[0].equals("application/pdf")) {
      throw AnthropicRequest.refuse(at + ": a file of type " + data[0] + " (only PDF is mapped)");
    }
    JsonObjectBuilder block =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("type", "document")
            .add(
                "source",
                JsonText.BUILDERS
                    .createObjectBuilder()
                    .add("type", "base64")
                    .add("media_type", data[0])
                    .add("data", data[1]));
    if (file.get("filename") instanceof JsonString filename) {
      block.add("title", filename.getString()); // Anthropic's name for a document's name
    }
    return withCacheControl(block, cacheControl);
  }

  /** {@code data:<media type>;base64,<data>} as {media type, data}. */
  private static String[] dataUrl(String url, String at) throws UpstreamFailure {
    int comma = url.indexOf(',');
    String head = comma < 0 ? "" : url.substring(5, comma);
    if (comma < 0 || !head.endsWith(";base64")) {
      throw AnthropicRequest.refuse(at + ": a data: URL that is not base64");
    }
    String mediaType = head.substring(0, head.length() - 7);
    int parameters = mediaType.indexOf(';');
    if (parameters >= 0) {
      mediaType = mediaType.substring(0, parameters);
    }
    return new String[] {mediaType.toLowerCase(java.util.Locale.ROOT), url.substring(comma + 1)};
  }

  private static JsonObject text(String text, JsonValue cacheControl) {
    return withCacheControl(
        JsonText.BUILDERS.createObjectBuilder().add("type", "text").add("text", text),
        cacheControl);
  }

  /**
   * Anthropic's prompt-cache marker, which OpenRouter and LiteLLM clients already put on content
   * parts in this same shape: carried as it is.
   */
  private static JsonObject withCacheControl(JsonObjectBuilder block, JsonValue cacheControl) {
    if (cacheControl != null && cacheControl != JsonValue.NULL) {
      block.add("cache_control", cacheControl);
    }
    return block.build();
  }
}
