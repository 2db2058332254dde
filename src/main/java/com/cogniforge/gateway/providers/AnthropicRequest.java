package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;

/**
 * Writes an OpenAI chat request as an Anthropic Messages API body. Every OpenAI field is either
 * translated or refused ({@code UNTRANSLATABLE}, naming it); a field that is no OpenAI field
 * ({@code top_k}, {@code thinking}, {@code cache_control}, {@code service_tier}'s Anthropic values
 * aside, a simulator's {@code sim_*}...) is the client speaking Anthropic through {@code
 * extra_body} and passes unchanged, unless the translation already wrote that field.
 */
final class AnthropicRequest {

  /** OpenAI fields that Anthropic has no counterpart for. */
  private static final Set<String> REFUSED =
      Set.of(
          "n",
          "top_logprobs",
          "logit_bias",
          "presence_penalty",
          "frequency_penalty",
          "seed",
          "audio",
          "prediction",
          "functions",
          "function_call",
          "web_search_options",
          "verbosity",
          "prompt_cache_key",
          "prompt_cache_retention");

  /** Thinking budgets as shares of the completion cap (OpenRouter's reading of an effort). */
  private static final Map<String, Double> EFFORT_SHARE =
      Map.of("minimal", 0.0, "low", 0.2, "medium", 0.5, "high", 0.8, "xhigh", 0.95);

  /** Anthropic's smallest thinking budget. */
  static final int MIN_THINKING_BUDGET = 1024;

  /** The largest budget an effort asks for; more is for clients who set {@code thinking}. */
  static final int MAX_THINKING_BUDGET = 32_000;

  private AnthropicRequest() {}

  static UpstreamFailure refuse(String what) {
    return new UpstreamFailure(
        UpstreamFailure.Kind.UNTRANSLATABLE, "the Anthropic Messages API cannot carry " + what);
  }

  static String body(String model, ChatRequest request) throws UpstreamFailure {
    if (request.maxTokens() == null) {
      throw refuse("a request without max_tokens (Anthropic requires one)");
    }
    int maxTokens = request.maxTokens();
    JsonObject options = request.options();
    AnthropicTurns.Translated turns = AnthropicTurns.of(request.messages());
    JsonObjectBuilder body =
        JsonText.BUILDERS.createObjectBuilder().add("model", model).add("max_tokens", maxTokens);
    if (!turns.system().isEmpty()) {
      body.add("system", turns.system());
    }
    body.add("messages", turns.messages());

    JsonObject thinking = thinking(options, maxTokens, request.thinkingBudget());
    JsonObject toolChoice = toolChoice(options, thinking != null);
    sampling(options, body, thinking != null);
    if (options.get("tools") instanceof JsonArray tools) {
      body.add("tools", tools(tools));
    }
    if (toolChoice != null) {
      body.add("tool_choice", toolChoice);
    }
    if (thinking != null) {
      body.add("thinking", thinking);
    }
    JsonValue stop = present(options, "stop");
    if (stop instanceof JsonString one) {
      body.add("stop_sequences", JsonText.BUILDERS.createArrayBuilder().add(one.getString()));
    } else if (stop instanceof JsonArray many && !many.isEmpty()) {
      body.add("stop_sequences", many);
    }
    metadata(options, body);
    outputFormat(options, body);
    serviceTier(options, body);
    refuseTheRest(options);

    JsonObject written = body.build();
    JsonObjectBuilder out = JsonText.BUILDERS.createObjectBuilder(written);
    for (Map.Entry<String, JsonValue> field : options.entrySet()) {
      if (!isOpenAiField(field.getKey()) && field.getValue() != JsonValue.NULL) {
        if (written.containsKey(field.getKey())) {
          throw refuse(
              field.getKey() + " beside the OpenAI field that already sets it (send one of them)");
        }
        out.add(field.getKey(), field.getValue());
      }
    }
    return JsonText.write(out.add("stream", true).build());
  }

  /** The value of an option, or {@code null} when it is absent or JSON null (both mean unset). */
  private static JsonValue present(JsonObject options, String name) {
    JsonValue value = options.get(name);
    return value == JsonValue.NULL ? null : value;
  }

  /**
   * {@code reasoning_effort} as extended thinking: a budget of a share of the completion cap (at
   * least Anthropic's 1,024, at most 32,000, always below the cap since thinking counts in it), or
   * exactly the budget a Messages API client gave ({@code exactBudget}), which Anthropic checks.
   */
  private static JsonObject thinking(JsonObject options, int maxTokens, Integer exactBudget)
      throws UpstreamFailure {
    JsonValue value = present(options, "reasoning_effort");
    if (value != null && !(value instanceof JsonString)) {
      throw refuse("a reasoning_effort that is not a string");
    }
    if (value == null || ((JsonString) value).getString().equals("none")) {
      return null;
    }
    JsonString effort = (JsonString) value;
    Double share = EFFORT_SHARE.get(effort.getString());
    if (share == null) {
      throw refuse("reasoning_effort '" + effort.getString() + "'");
    }
    if (present(options, "thinking") != null) {
      throw refuse("reasoning_effort beside thinking (send one of them)");
    }
    if (exactBudget != null) {
      return JsonText.BUILDERS
          .createObjectBuilder()
          .add("type", "enabled")
          .add("budget_tokens", exactBudget)
          .build();
    }
    int budget =
        (int) Math.max(MIN_THINKING_BUDGET, Math.min(MAX_THINKING_BUDGET, share * maxTokens));
    if (budget >= maxTokens) {
      throw refuse(
          "reasoning_effort with max_tokens "
              + maxTokens
              + ": Anthropic's thinking needs at least "
              + MIN_THINKING_BUDGET
              + " tokens below max_tokens");
    }
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("type", "enabled")
        .add("budget_tokens", budget)
        .build();
  }

  /** Anthropic fixes sampling while thinking: temperature 1 only, top_p from 0.95. */
  private static void sampling(JsonObject options, JsonObjectBuilder body, boolean thinking)
      throws UpstreamFailure {
    if (present(options, "temperature") instanceof JsonNumber temperature) {
      if (temperature.doubleValue() > 1) {
        throw refuse("temperature above 1 (Anthropic's range is 0 to 1)");
      }
      if (thinking && temperature.doubleValue() != 1) {
        throw refuse("temperature other than 1 with reasoning_effort (thinking fixes it)");
      }
      body.add("temperature", temperature);
    }
    if (present(options, "top_p") instanceof JsonNumber topP) {
      if (thinking && topP.doubleValue() < 0.95) {
        throw refuse("top_p below 0.95 with reasoning_effort (thinking allows 0.95 to 1)");
      }
      body.add("top_p", topP);
    }
  }

  /** OpenAI function tools as Anthropic client tools. */
  private static JsonArrayBuilder tools(JsonArray tools) throws UpstreamFailure {
    JsonArrayBuilder out = JsonText.BUILDERS.createArrayBuilder();
    for (int i = 0; i < tools.size(); i++) {
      if (!(tools.get(i) instanceof JsonObject tool)
          || !"function".equals(tool.getString("type", ""))
          || !(tool.get("function") instanceof JsonObject function)
          || !(function.get("name") instanceof JsonString name)) {
        throw refuse("tools[" + i + "]: only function tools are translated");
      }
      JsonObjectBuilder anthropic = JsonText.BUILDERS.createObjectBuilder().add("name", name);
      if (function.get("description") instanceof JsonString description) {
        anthropic.add("description", description);
      }
      anthropic.add(
          "input_schema",
          function.get("parameters") instanceof JsonObject parameters
              ? parameters
              // OpenAI lets a function take no parameters; Anthropic wants a schema always.
              : JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("type", "object")
                  .add("properties", JsonValue.EMPTY_JSON_OBJECT)
                  .build());
      if (function.get("strict") == JsonValue.TRUE) {
        anthropic.add("strict", true);
      }
      JsonValue cacheControl = tool.get("cache_control");
      if (cacheControl != null && cacheControl != JsonValue.NULL) {
        anthropic.add("cache_control", cacheControl);
      }
      out.add(anthropic);
    }
    return out;
  }

  /**
   * {@code tool_choice} auto/required/none/named as auto/any/none/tool, and {@code
   * parallel_tool_calls: false} as {@code disable_parallel_tool_use}. Thinking allows only auto and
   * none.
   */
  private static JsonObject toolChoice(JsonObject options, boolean thinking)
      throws UpstreamFailure {
    JsonValue choice = present(options, "tool_choice");
    JsonObjectBuilder out = null;
    if (choice instanceof JsonString mode) {
      String type =
          switch (mode.getString()) {
            case "auto" -> "auto";
            case "required" -> "any";
            case "none" -> "none";
            default -> throw refuse("tool_choice '" + mode.getString() + "'");
          };
      out = JsonText.BUILDERS.createObjectBuilder().add("type", type);
    } else if (choice instanceof JsonObject named) {
      if (!"function".equals(named.getString("type", ""))
          || !(named.get("function") instanceof JsonObject function)
          || !(function.get("name") instanceof JsonString name)) {
        throw refuse("a tool_choice other than auto, required, none or one named function");
      }
      out = JsonText.BUILDERS.createObjectBuilder().add("type", "tool").add("name", name);
    } else if (choice != null) {
      throw refuse("a tool_choice that is neither a string nor an object");
    }
    JsonValue parallel = present(options, "parallel_tool_calls");
    if (parallel == JsonValue.FALSE) {
      if (out == null) {
        out = JsonText.BUILDERS.createObjectBuilder().add("type", "auto");
      }
      JsonObject sofar = out.build();
      out = JsonText.BUILDERS.createObjectBuilder(sofar);
      if (!sofar.getString("type").equals("none")) { // nothing to run in parallel then
        out.add("disable_parallel_tool_use", true);
      }
    } else if (parallel != null && parallel != JsonValue.TRUE) {
      throw refuse("a parallel_tool_calls that is not true or false");
    }
    if (out == null) {
      return null;
    }
    JsonObject built = out.build();
    String type = built.getString("type");
    if (thinking && (type.equals("any") || type.equals("tool"))) {
      throw refuse(
          "tool_choice "
              + (type.equals("any") ? "required" : "of a named function")
              + " with reasoning_effort (thinking allows only auto and none)");
    }
    return built;
  }

  /**
   * {@code user} and {@code safety_identifier} (who the end user is) as {@code metadata.user_id}.
   * OpenAI's {@code metadata} (tags for stored completions) has no counterpart; an object holding
   * only {@code user_id} is Anthropic's own and passes.
   */
  private static void metadata(JsonObject options, JsonObjectBuilder body) throws UpstreamFailure {
    String user = null;
    for (String field : new String[] {"user", "safety_identifier"}) {
      JsonValue value = present(options, field);
      if (value instanceof JsonString id) {
        if (user != null && !user.equals(id.getString())) {
          throw refuse("user and safety_identifier that differ (Anthropic has one user_id)");
        }
        user = id.getString();
      } else if (value != null) {
        throw refuse("a " + field + " that is not a string");
      }
    }
    JsonValue metadata = present(options, "metadata");
    if (metadata != null) {
      if (!(metadata instanceof JsonObject object
          && object.keySet().equals(Set.of("user_id"))
          && object.get("user_id") instanceof JsonString id)) {
        throw refuse("metadata (OpenAI's tags for stored completions)");
      }
      if (user != null && !user.equals(id.getString())) {
        throw refuse("metadata.user_id beside a different user");
      }
      user = id.getString();
    }
    if (user != null) {
      body.add("metadata", JsonText.BUILDERS.createObjectBuilder().add("user_id", user));
    }
  }

  /**
   * {@code response_format}: {@code text} is the default; {@code json_schema} is Anthropic's
   * structured output ({@code output_config.format}, constrained decoding like OpenAI's strict
   * mode); {@code json_object} has no schema to constrain with, so it is refused.
   */
  private static void outputFormat(JsonObject options, JsonObjectBuilder body)
      throws UpstreamFailure {
    JsonValue own = present(options, "output_config"); // Anthropic's own, through extra_body
    JsonValue format = present(options, "response_format");
    String type = format instanceof JsonObject object ? object.getString("type", "") : "";
    if (format != null && !(format instanceof JsonObject)) {
      throw refuse("a response_format that is not an object");
    }
    switch (type) {
      case "", "text" -> {}
      case "json_schema" -> {
        if (!(((JsonObject) format).get("json_schema") instanceof JsonObject jsonSchema
            && jsonSchema.get("schema") instanceof JsonObject schema)) {
          throw refuse("a response_format json_schema without a schema object");
        }
        if (own != null && !(own instanceof JsonObject)
            || own instanceof JsonObject config && config.containsKey("format")) {
          throw refuse("response_format beside output_config.format (send one of them)");
        }
        own =
            JsonText.BUILDERS
                .createObjectBuilder(own == null ? JsonValue.EMPTY_JSON_OBJECT : (JsonObject) own)
                .add(
                    "format",
                    JsonText.BUILDERS
                        .createObjectBuilder()
                        .add("type", "json_schema")
                        .add("schema", schema))
                .build();
      }
      case "json_object" ->
          throw refuse(
              "response_format json_object (Anthropic constrains output by a schema only)");
      default -> throw refuse("response_format '" + type + "'");
    }
    if (own != null) {
      body.add("output_config", own);
    }
  }

  /**
   * OpenAI's {@code auto} and {@code default} tiers are Anthropic's {@code auto}, {@code
   * standard_only}.
   */
  private static void serviceTier(JsonObject options, JsonObjectBuilder body)
      throws UpstreamFailure {
    JsonValue tier = present(options, "service_tier");
    if (tier == null) {
      return;
    }
    String name = tier instanceof JsonString s ? s.getString() : "";
    switch (name) {
      case "auto", "standard_only" -> body.add("service_tier", name);
      case "default" -> body.add("service_tier", "standard_only");
      default -> throw refuse("service_tier '" + name + "'");
    }
  }

  /** The OpenAI fields left: refused unless they ask for what Anthropic does anyway. */
  private static void refuseTheRest(JsonObject options) throws UpstreamFailure {
    for (String field : REFUSED) {
      if (present(options, field) != null) {
        throw refuse(field);
      }
    }
    if (present(options, "logprobs") == JsonValue.TRUE) {
      throw refuse("logprobs");
    }
    if (present(options, "store") == JsonValue.TRUE) {
      throw refuse("store (Anthropic keeps no completions to store)");
    }
    JsonValue modalities = present(options, "modalities");
    if (modalities != null
        && !(modalities instanceof JsonArray array
            && array.stream()
                .allMatch(m -> m instanceof JsonString s && s.getString().equals("text")))) {
      throw refuse("modalities other than text");
    }
  }

  /** Chat Completions fields this class reads: everything else is Anthropic's own and passes. */
  private static boolean isOpenAiField(String name) {
    return REFUSED.contains(name)
        || switch (name) {
          case "tools",
                  "tool_choice",
                  "parallel_tool_calls",
                  "temperature",
                  "top_p",
                  "stop",
                  "user",
                  "safety_identifier",
                  "metadata",
                  "reasoning_effort",
                  "response_format",
                  "output_config",
                  "service_tier",
                  "logprobs",
                  "store",
                  "modalities" ->
              true;
          default -> false;
        };
  }
}
