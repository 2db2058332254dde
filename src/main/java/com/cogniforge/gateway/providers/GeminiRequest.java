package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes an OpenAI chat request as a Gemini {@code GenerateContentRequest} (the REST body of {@code
 * models/{model}:streamGenerateContent}). Every field the client wrote is translated or the request
 * is refused ({@code UNTRANSLATABLE}, naming the field): nothing is dropped on the way.
 *
 * <p>Field names are those of the Gemini API v1beta as the official SDK (googleapis/js-genai,
 * src/types.ts) sends them: full JSON schemas go under {@code parametersJsonSchema} and {@code
 * responseJsonSchema} (the older {@code parameters}/{@code responseSchema} take only an OpenAPI
 * subset, so a client's schema could be refused or read differently).
 */
final class GeminiRequest {

  /**
   * Joins a tool call's id and Gemini's {@code thoughtSignature} in the id the client gets: Gemini
   * 3 refuses a conversation whose function calls come back without their signature, and the id is
   * the one thing every OpenAI client sends back unchanged. LiteLLM's separator, so a conversation
   * may move between the two.
   */
  static final String SIGNATURE_SEPARATOR = "__thought__";

  /** OpenAI fields that are the same as absent when they hold these values. */
  private static final Map<String, Set<JsonValue>> NEUTRAL =
      Map.of(
          "logprobs", Set.of(JsonValue.FALSE),
          "store", Set.of(JsonValue.FALSE),
          "parallel_tool_calls", Set.of(JsonValue.TRUE),
          "service_tier", Set.of(string("auto"), string("default")));

  /** Image types Gemini reads (its vision guide), by the extension of an https image URL. */
  private static final Map<String, String> IMAGE_TYPES =
      Map.of(
          "png", "image/png",
          "jpg", "image/jpeg",
          "jpeg", "image/jpeg",
          "webp", "image/webp",
          "heic", "image/heic",
          "heif", "image/heif");

  private GeminiRequest() {}

  /**
   * The request body for {@code model}.
   *
   * @throws UpstreamFailure of kind {@code UNTRANSLATABLE} naming the first field Gemini cannot
   *     carry
   */
  static String body(String model, ChatRequest request) throws UpstreamFailure {
    JsonObjectBuilder body = JsonText.BUILDERS.createObjectBuilder();
    Conversation conversation = new Conversation();
    for (int i = 0; i < request.messages().size(); i++) {
      conversation.add(request.messages().get(i).json(), "messages[" + i + "]");
    }
    body.add("contents", conversation.contents());
    if (conversation.system != null) {
      body.add(
          "systemInstruction",
          JsonText.BUILDERS.createObjectBuilder().add("parts", conversation.system));
    }
    JsonObjectBuilder generation = JsonText.BUILDERS.createObjectBuilder();
    if (request.maxTokens() != null) {
      // Always set after admission: the cap the budget reserved for, so no call can cost more.
      generation.add("maxOutputTokens", request.maxTokens());
    }
    JsonObject options = request.options();
    for (Map.Entry<String, JsonValue> option : options.entrySet()) {
      String name = option.getKey();
      JsonValue value = option.getValue();
      if (value == JsonValue.NULL || NEUTRAL.getOrDefault(name, Set.of()).contains(value)) {
        continue;
      }
      switch (name) {
        case "temperature" -> generation.add("temperature", number(value, name));
        case "top_p" -> generation.add("topP", number(value, name));
        case "seed" -> generation.add("seed", number(value, name));
        case "presence_penalty" -> generation.add("presencePenalty", number(value, name));
        case "frequency_penalty" -> generation.add("frequencyPenalty", number(value, name));
        case "stop" -> generation.add("stopSequences", stopSequences(value));
        case "response_format" -> responseFormat(value, generation);
        case "reasoning_effort" -> generation.add("thinkingConfig", thinking(value, model));
        case "tools" -> body.add("tools", tools(value));
        case "tool_choice" -> body.add("toolConfig", toolChoice(value));
        default -> {
          if (name.startsWith("sim_")) {
            // The built-in simulator's knobs pass as they would to an OpenAI-compatible server.
            body.add(name, value);
          } else {
            throw untranslatable(name + " has no Gemini equivalent");
          }
        }
      }
    }
    JsonObject config = generation.build();
    if (!config.isEmpty()) {
      body.add("generationConfig", config);
    }
    return JsonText.write(body.build());
  }

  /** The turns of the conversation, consecutive turns of one role merged as Gemini wants them. */
  private static final class Conversation {
    private final List<String> roles = new ArrayList<>();
    private final List<JsonArrayBuilder> parts = new ArrayList<>();
    private final Map<String, String> callNames = new HashMap<>();
    JsonArrayBuilder system;

    void add(JsonObject message, String where) throws UpstreamFailure {
      String role = message.getString("role", "");
      switch (role) {
        case "system", "developer" -> {
          onlyFields(message, where, Set.of());
          if (system == null) {
            system = JsonText.BUILDERS.createArrayBuilder();
          }
          for (JsonValue part : contentParts(message.get("content"), where)) {
            system.add(textPart(part, where));
          }
        }
        case "user" -> {
          onlyFields(message, where, Set.of());
          JsonArrayBuilder turn = turn("user");
          for (JsonValue part : contentParts(message.get("content"), where)) {
            turn.add(userPart(part, where));
          }
        }
        case "assistant" -> assistant(message, where);
        case "tool" -> tool(message, where);
        default -> throw untranslatable(where + ".role " + role + " has no Gemini equivalent");
      }
    }

    private void assistant(JsonObject message, String where) throws UpstreamFailure {
      onlyFields(message, where, Set.of("tool_calls", "refusal", "reasoning_content", "reasoning"));
      JsonArrayBuilder turn = turn("model");
      String reasoning =
          message.get("reasoning_content") instanceof JsonString text
              ? text.getString()
              : message.get("reasoning") instanceof JsonString other ? other.getString() : null;
      if (reasoning != null && !reasoning.isEmpty()) {
        turn.add(
            JsonText.BUILDERS.createObjectBuilder().add("text", reasoning).add("thought", true));
      }
      for (JsonValue part : contentParts(message.get("content"), where)) {
        String text = textOf(part, where);
        if (!text.isEmpty()) { // "content": "" beside tool calls says nothing
          turn.add(JsonText.BUILDERS.createObjectBuilder().add("text", text));
        }
      }
      if (message.get("refusal") instanceof JsonString refusal) {
        turn.add(JsonText.BUILDERS.createObjectBuilder().add("text", refusal.getString()));
      }
      if (message.get("tool_calls") instanceof JsonArray calls) {
        for (int i = 0; i < calls.size(); i++) {
          turn.add(functionCall(calls.get(i), where + ".tool_calls[" + i + "]"));
        }
      }
    }

    private JsonObject functionCall(JsonValue value, String where) throws UpstreamFailure {
      if (!(value instanceof JsonObject call)
          || !(call.get("function") instanceof JsonObject function)
          || !(function.get("name") instanceof JsonString name)) {
        throw untranslatable(where + " is not a function call");
      }
      if (!"function".equals(call.getString("type", "function"))) {
        throw untranslatable(where + ".type " + call.getString("type") + " is not a function");
      }
      String arguments =
          function.get("arguments") instanceof JsonString text ? text.getString() : "{}";
      JsonObject args;
      try {
        args = arguments.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : JsonText.parseObject(arguments);
      } catch (RuntimeException notAnObject) {
        throw untranslatable(
            where + ".function.arguments is not a JSON object (Gemini takes only objects)");
      }
      JsonObjectBuilder functionCall =
          JsonText.BUILDERS.createObjectBuilder().add("name", name.getString()).add("args", args);
      JsonObjectBuilder part = JsonText.BUILDERS.createObjectBuilder();
      if (call.get("id") instanceof JsonString id) {
        String[] idAndSignature = splitId(id.getString());
        callNames.put(id.getString(), name.getString());
        functionCall.add("id", idAndSignature[0]);
        part.add("functionCall", functionCall);
        if (idAndSignature[1] != null) {
          part.add("thoughtSignature", idAndSignature[1]);
        }
      } else {
        part.add("functionCall", functionCall);
      }
      return part.build();
    }

    private void tool(JsonObject message, String where) throws UpstreamFailure {
      onlyFields(message, where, Set.of("tool_call_id", "name"));
      String callId = message.getString("tool_call_id", null);
      String name = callId == null ? null : callNames.get(callId);
      if (name == null && message.get("name") instanceof JsonString given) {
        name = given.getString();
      }
      if (name == null) {
        throw untranslatable(
            where
                + ".tool_call_id answers no earlier assistant tool call (Gemini needs the"
                + " function's name)");
      }
      StringBuilder text = new StringBuilder();
      for (JsonValue part : contentParts(message.get("content"), where)) {
        text.append(textOf(part, where));
      }
      JsonObject response;
      try {
        response = JsonText.parseObject(text.toString());
      } catch (RuntimeException notAnObject) {
        // Gemini's FunctionResponse.response is an object; "output" is its documented key for a
        // function's result (google-genai's automatic function calling sends {"output": ...}).
        response = JsonText.BUILDERS.createObjectBuilder().add("output", text.toString()).build();
      }
      JsonObjectBuilder functionResponse =
          JsonText.BUILDERS.createObjectBuilder().add("name", name).add("response", response);
      if (callId != null) {
        functionResponse.add("id", splitId(callId)[0]);
      }
      turn("user")
          .add(JsonText.BUILDERS.createObjectBuilder().add("functionResponse", functionResponse));
    }

    private JsonArrayBuilder turn(String role) {
      if (roles.isEmpty() || !roles.get(roles.size() - 1).equals(role)) {
        roles.add(role);
        parts.add(JsonText.BUILDERS.createArrayBuilder());
      }
      return parts.get(parts.size() - 1);
    }

    JsonArrayBuilder contents() {
      JsonArrayBuilder contents = JsonText.BUILDERS.createArrayBuilder();
      for (int i = 0; i < roles.size(); i++) {
        contents.add(
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("role", roles.get(i))
                .add("parts", parts.get(i)));
      }
      return contents;
    }
  }

  /** The id the client holds split into Gemini's call id and its thought signature, or null. */
  static String[] splitId(String id) {
    int at = id.indexOf(SIGNATURE_SEPARATOR);
    return at < 0
        ? new String[] {id, null}
        : new String[] {id.substring(0, at), id.substring(at + SIGNATURE_SEPARATOR.length())};
  }

  /**
   * Refuses any field of a message beyond role, content and {@code allowed}: a {@code null} or an
   * empty array is as good as absent (the OpenAI SDKs echo {@code "refusal": null, "annotations":
   * []} back).
   */
  private static void onlyFields(JsonObject message, String where, Set<String> allowed)
      throws UpstreamFailure {
    for (Map.Entry<String, JsonValue> field : message.entrySet()) {
      String name = field.getKey();
      JsonValue value = field.getValue();
      boolean empty =
          value == JsonValue.NULL || value instanceof JsonArray array && array.isEmpty();
      if (!empty && !name.equals("role") && !name.equals("content") && !allowed.contains(name)) {
        throw untranslatable(where + "." + name + " has no Gemini equivalent");
      }
    }
  }

  /** A message's content as a list of parts: a string is one text part, null none. */
  private static List<JsonValue> contentParts(JsonValue content, String where)
      throws UpstreamFailure {
    if (content == null || content == JsonValue.NULL) {
      return List.of();
    }
    if (content instanceof JsonString text) {
      return List.of(JsonText.BUILDERS.createObjectBuilder().add("text", text).build());
    }
    if (content instanceof JsonArray parts) {
      return parts;
    }
    throw untranslatable(where + ".content is neither text nor parts");
  }

  private static JsonObject textPart(JsonValue part, String where) throws UpstreamFailure {
    return JsonText.BUILDERS.createObjectBuilder().add("text", textOf(part, where)).build();
  }

  private static String textOf(JsonValue part, String where) throws UpstreamFailure {
    if (part instanceof JsonObject object
        && object.get("text") instanceof JsonString text
        && "text".equals(object.getString("type", "text"))) {
      return text.getString();
    }
    String type = part instanceof JsonObject object ? object.getString("type", "?") : "?";
    throw untranslatable(where + ".content holds a " + type + " part where Gemini takes only text");
  }

  private static JsonObject userPart(JsonValue value, String where) throws UpstreamFailure {
    if (!(value instanceof JsonObject part)) {
      throw untranslatable(where + ".content holds a part that is not an object");
    }
    String type = part.getString("type", "text");
    switch (type) {
      case "text":
        return textPart(part, where);
      case "image_url":
        return image(part, where);
      case "input_audio":
        if (part.get("input_audio") instanceof JsonObject audio
            && audio.get("data") instanceof JsonString data
            && audio.get("format") instanceof JsonString format) {
          return inline("audio/" + format.getString().toLowerCase(Locale.ROOT), data.getString());
        }
        throw untranslatable(where + ".content input_audio needs data and format");
      case "file":
        if (part.get("file") instanceof JsonObject file
            && file.get("file_data") instanceof JsonString data
            && file.get("file_id") == null) {
          String[] mimeAndData = dataUrl(data.getString());
          if (mimeAndData != null) {
            return inline(mimeAndData[0], mimeAndData[1]);
          }
        }
        throw untranslatable(
            where + ".content file: Gemini takes a file only as a data: URL in file_data");
      default:
        throw untranslatable(where + ".content part type " + type + " has no Gemini equivalent");
    }
  }

  /**
   * A data: URL goes inline; an https URL goes as {@code fileData}, which the Gemini API fetches
   * itself (public and signed URLs, since its January 2026 file-input update) but only with a MIME
   * type, read here from the file's extension.
   */
  private static JsonObject image(JsonObject part, String where) throws UpstreamFailure {
    if (!(part.get("image_url") instanceof JsonObject imageUrl
        && imageUrl.get("url") instanceof JsonString address)) {
      throw untranslatable(where + ".content image_url needs a url");
    }
    String url = address.getString();
    JsonObjectBuilder out;
    String[] mimeAndData = url.startsWith("data:") ? dataUrl(url) : null;
    if (mimeAndData != null) {
      out = inlineBuilder(mimeAndData[0], mimeAndData[1]);
    } else if (url.regionMatches(true, 0, "https://", 0, 8) && imageType(url) != null) {
      out =
          JsonText.BUILDERS
              .createObjectBuilder()
              .add(
                  "fileData",
                  JsonText.BUILDERS
                      .createObjectBuilder()
                      .add("mimeType", imageType(url))
                      .add("fileUri", url));
    } else {
      throw untranslatable(
          where
              + ".content image_url: Gemini takes a base64 data: URL or an https URL ending in"
              + " .png, .jpg, .jpeg, .webp, .heic or .heif");
    }
    String detail = imageUrl.get("detail") instanceof JsonString level ? level.getString() : "auto";
    switch (detail) {
      case "auto" -> {}
      case "low", "high" ->
          out.add(
              "mediaResolution",
              JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("level", "MEDIA_RESOLUTION_" + detail.toUpperCase(Locale.ROOT)));
      default -> throw untranslatable(where + ".content image_url.detail " + detail + " unknown");
    }
    return out.build();
  }

  private static String imageType(String url) {
    String path = url;
    int end = path.length();
    for (char stop : new char[] {'?', '#'}) {
      int at = path.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    path = path.substring(0, end);
    int dot = path.lastIndexOf('.');
    return dot < path.lastIndexOf('/') || dot < 0
        ? null
        : IMAGE_TYPES.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** {@code data:<mime>;base64,<data>} as its MIME type and data, or null. */
  private static String[] dataUrl(String url) {
    int comma = url.indexOf(',');
    if (!url.startsWith("data:") || comma < 0) {
      return null;
    }
    String header = url.substring(5, comma);
    if (!header.endsWith(";base64") || header.length() == 7) {
      return null;
    }
    return new String[] {header.substring(0, header.length() - 7), url.substring(comma + 1)};
  }

  private static JsonObject inline(String mimeType, String data) {
    return inlineBuilder(mimeType, data).build();
  }

  private static JsonObjectBuilder inlineBuilder(String mimeType, String data) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add(
            "inlineData",
            JsonText.BUILDERS.createObjectBuilder().add("mimeType", mimeType).add("data", data));
  }

  private static JsonValue number(JsonValue value, String name) throws UpstreamFailure {
    if (value instanceof JsonNumber) {
      return value;
    }
    throw untranslatable(name + " must be a number");
  }

  private static JsonArrayBuilder stopSequences(JsonValue value) throws UpstreamFailure {
    JsonArrayBuilder stops = JsonText.BUILDERS.createArrayBuilder();
    if (value instanceof JsonString one) {
      return stops.add(one);
    }
    if (value instanceof JsonArray many) {
      for (JsonValue stop : many) {
        if (!(stop instanceof JsonString)) {
          throw untranslatable("stop must hold strings");
        }
        stops.add(stop);
      }
      return stops;
    }
    throw untranslatable("stop must be a string or an array of strings");
  }

  private static void responseFormat(JsonValue value, JsonObjectBuilder generation)
      throws UpstreamFailure {
    String type = value instanceof JsonObject format ? format.getString("type", "") : "";
    switch (type) {
      case "text" -> {}
      case "json_object" -> generation.add("responseMimeType", "application/json");
      case "json_schema" -> {
        JsonObject format = (JsonObject) value;
        if (!(format.get("json_schema") instanceof JsonObject spec
            && spec.get("schema") instanceof JsonObject schema)) {
          throw untranslatable("response_format.json_schema needs a schema");
        }
        // Gemini always holds its answer to the schema, so strict needs no word of its own; the
        // description tells the model what the answer is for, which a schema's own description
        // does too.
        if (spec.get("description") instanceof JsonString description
            && !schema.containsKey("description")) {
          schema =
              JsonText.BUILDERS.createObjectBuilder(schema).add("description", description).build();
        }
        generation.add("responseMimeType", "application/json").add("responseJsonSchema", schema);
      }
      default -> throw untranslatable("response_format type " + type + " has no Gemini equivalent");
    }
  }

  /**
   * Gemini 2.x takes a token budget (Google's OpenAI-compatible endpoint maps low, medium and high
   * to 1024, 8192 and 24576, and none to 0); Gemini 3 and later take a level, where "minimal"
   * "matches no thinking for most queries" and thinking cannot be turned off. Thoughts are asked
   * for so that reasoning streams to the client, as it does from OpenAI-compatible providers.
   */
  private static JsonObjectBuilder thinking(JsonValue value, String model) throws UpstreamFailure {
    String effort = value instanceof JsonString text ? text.getString() : "";
    JsonObjectBuilder config = JsonText.BUILDERS.createObjectBuilder();
    boolean budgeted = model.startsWith("gemini-2") || model.startsWith("gemini-1");
    if (budgeted) {
      int budget =
          switch (effort) {
            case "none" -> 0;
            case "low" -> 1024;
            case "medium" -> 8192;
            case "high" -> 24576;
            default -> -1;
          };
      if (budget < 0) {
        throw untranslatable("reasoning_effort " + effort + " has no Gemini 2 thinking budget");
      }
      config.add("thinkingBudget", budget);
      return budget == 0 ? config : config.add("includeThoughts", true);
    }
    String level =
        switch (effort) {
          case "none", "minimal" -> "MINIMAL";
          case "low" -> "LOW";
          case "medium" -> "MEDIUM";
          case "high" -> "HIGH";
          default -> null;
        };
    if (level == null) {
      throw untranslatable("reasoning_effort " + effort + " has no Gemini thinking level");
    }
    return config.add("thinkingLevel", level).add("includeThoughts", true);
  }

  private static JsonArrayBuilder tools(JsonValue value) throws UpstreamFailure {
    if (!(value instanceof JsonArray tools)) {
      throw untranslatable("tools must be an array");
    }
    JsonArrayBuilder declarations = JsonText.BUILDERS.createArrayBuilder();
    for (int i = 0; i < tools.size(); i++) {
      if (!(tools.get(i) instanceof JsonObject tool)
          || !"function".equals(tool.getString("type", ""))
          || !(tool.get("function") instanceof JsonObject function)
          || !(function.get("name") instanceof JsonString name)) {
        throw untranslatable("tools[" + i + "]: Gemini takes only function tools");
      }
      JsonObjectBuilder declaration = JsonText.BUILDERS.createObjectBuilder().add("name", name);
      for (Map.Entry<String, JsonValue> field : function.entrySet()) {
        switch (field.getKey()) {
          case "name" -> {}
          case "description" -> declaration.add("description", field.getValue());
          case "parameters" -> declaration.add("parametersJsonSchema", field.getValue());
          case "strict" -> {
            // Gemini's function calling follows the declared schema; there is no looser mode.
          }
          default ->
              throw untranslatable(
                  "tools[" + i + "].function." + field.getKey() + " has no Gemini equivalent");
        }
      }
      declarations.add(declaration);
    }
    return JsonText.BUILDERS
        .createArrayBuilder()
        .add(JsonText.BUILDERS.createObjectBuilder().add("functionDeclarations", declarations));
  }

  private static JsonObjectBuilder toolChoice(JsonValue value) throws UpstreamFailure {
    JsonObjectBuilder calling = JsonText.BUILDERS.createObjectBuilder();
    if (value instanceof JsonString mode) {
      switch (mode.getString()) {
        case "auto" -> calling.add("mode", "AUTO");
        case "none" -> calling.add("mode", "NONE");
        case "required" -> calling.add("mode", "ANY");
        default ->
            throw untranslatable("tool_choice " + mode.getString() + " has no Gemini equivalent");
      }
    } else if (value instanceof JsonObject choice
        && choice.get("function") instanceof JsonObject function
        && function.get("name") instanceof JsonString name) {
      calling
          .add("mode", "ANY")
          .add("allowedFunctionNames", JsonText.BUILDERS.createArrayBuilder().add(name));
    } else {
      throw untranslatable("tool_choice: Gemini takes auto, none, required or one function");
    }
    return JsonText.BUILDERS.createObjectBuilder().add("functionCallingConfig", calling);
  }

  private static JsonString string(String value) {
    return JsonText.BUILDERS.createArrayBuilder().add(value).build().getJsonString(0);
  }

  private static UpstreamFailure untranslatable(String what) {
    return new UpstreamFailure(
        UpstreamFailure.Kind.UNTRANSLATABLE,
        "the Gemini provider cannot carry this request: " + what);
  }
}
