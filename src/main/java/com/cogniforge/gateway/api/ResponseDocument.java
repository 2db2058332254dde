package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * OpenAI's {@code Response} object for one answer: what the request asked (echoed as the API does:
 * instructions, tools, tool choice, text format, reasoning, sampling, metadata...), the output
 * items, the status and the usage.
 *
 * @param id the response's id ({@code resp_...})
 * @param createdAt seconds since the epoch
 * @param request the validated request
 */
record ResponseDocument(String id, long createdAt, ResponsesRequest request) {

  /** How an answer ended, in the Responses API's words. */
  record Ending(String status, String incompleteReason, String itemStatus) {

    static Ending of(String finishReason) {
      if ("length".equals(finishReason)) {
        return new Ending("incomplete", "max_output_tokens", "incomplete");
      }
      if ("content_filter".equals(finishReason)) {
        return new Ending("incomplete", "content_filter", "incomplete");
      }
      return new Ending("completed", null, "completed");
    }
  }

  /** The response before any output ({@code response.created}, {@code response.in_progress}). */
  JsonObject inProgress(String model) {
    return base(model, "in_progress", JsonValue.EMPTY_JSON_ARRAY).build();
  }

  /** The finished response, with its usage. */
  JsonObject finished(String model, Ending ending, JsonArray output, StreamSummary summary) {
    JsonObjectBuilder json = base(model, ending.status(), output);
    if (ending.incompleteReason() != null) {
      json.add(
          "incomplete_details",
          JsonText.BUILDERS.createObjectBuilder().add("reason", ending.incompleteReason()));
    }
    if (ending.status().equals("completed")) {
      json.add("completed_at", now());
    }
    return json.add("usage", usage(summary)).build();
  }

  /** A response that failed after it began ({@code response.failed}). */
  JsonObject failed(String model, JsonArray output, String code, String message) {
    return base(model, "failed", output)
        .add(
            "error",
            JsonText.BUILDERS.createObjectBuilder().add("code", code).add("message", message))
        .build();
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  static JsonObject usage(StreamSummary summary) {
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("input_tokens", summary.promptTokens())
        .add(
            "input_tokens_details",
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("cached_tokens", summary.cachedPromptTokens()))
        .add("output_tokens", summary.completionTokens())
        .add(
            "output_tokens_details",
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("reasoning_tokens", summary.reasoningTokens()))
        .add("total_tokens", summary.promptTokens() + summary.completionTokens())
        .build();
  }

  private JsonObjectBuilder base(String model, String status, JsonArray output) {
    JsonObject body = request.body();
    JsonObjectBuilder json =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("id", id)
            .add("object", "response")
            .add("created_at", createdAt)
            .add("status", status)
            .add("background", false)
            .add("error", JsonValue.NULL)
            .add("incomplete_details", JsonValue.NULL)
            .add("instructions", echo(body, "instructions", JsonValue.NULL))
            .add("max_output_tokens", echo(body, "max_output_tokens", JsonValue.NULL))
            .add("max_tool_calls", JsonValue.NULL)
            .add("model", model)
            .add("output", output)
            .add("parallel_tool_calls", echo(body, "parallel_tool_calls", JsonValue.TRUE))
            .add("previous_response_id", echo(body, "previous_response_id", JsonValue.NULL))
            .add("reasoning", reasoning(body))
            .add("service_tier", echo(body, "service_tier", JsonValue.NULL))
            .add("store", request.store())
            .add("temperature", echo(body, "temperature", JsonValue.NULL))
            .add("text", text(body))
            .add("tool_choice", echo(body, "tool_choice", JsonText.PROVIDER.createValue("auto")))
            .add("tools", echo(body, "tools", JsonValue.EMPTY_JSON_ARRAY))
            .add("top_p", echo(body, "top_p", JsonValue.NULL))
            .add("truncation", "disabled")
            .add("usage", JsonValue.NULL)
            .add("metadata", echo(body, "metadata", JsonValue.EMPTY_JSON_OBJECT));
    for (String optional : List.of("user", "safety_identifier", "prompt_cache_key")) {
      JsonValue value = body.get(optional);
      if (value != null && value != JsonValue.NULL) {
        json.add(optional, value);
      }
    }
    return json;
  }

  private static JsonValue echo(JsonObject body, String field, JsonValue absent) {
    JsonValue value = body.get(field);
    return value == null || value == JsonValue.NULL ? absent : value;
  }

  private static JsonObject reasoning(JsonObject body) {
    JsonObject given =
        body.get("reasoning") instanceof JsonObject reasoning
            ? reasoning
            : JsonValue.EMPTY_JSON_OBJECT;
    return JsonText.BUILDERS
        .createObjectBuilder()
        .add("effort", echo(given, "effort", JsonValue.NULL))
        .add("summary", echo(given, "summary", echo(given, "generate_summary", JsonValue.NULL)))
        .build();
  }

  private static JsonObject text(JsonObject body) {
    JsonObject given =
        body.get("text") instanceof JsonObject text ? text : JsonValue.EMPTY_JSON_OBJECT;
    JsonObjectBuilder text =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add(
                "format",
                echo(
                    given,
                    "format",
                    JsonText.BUILDERS.createObjectBuilder().add("type", "text").build()));
    JsonValue verbosity = given.get("verbosity");
    if (verbosity != null && verbosity != JsonValue.NULL) {
      text.add("verbosity", verbosity);
    }
    return text.build();
  }
}
