package com.cogniforge.gateway.usage;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;

/**
 * A usage record as one line of JSON for the {@link RecordJournal}, and back. Every column but the
 * database's id; the cost as Java prints a double, so that it reads back to the same bits and the
 * budget rebuilt from the records adds up to what was settled.
 */
final class RecordLines {

  private RecordLines() {}

  static String json(UsageRecord r) {
    JsonObjectBuilder o =
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("created_at", r.createdAt().toString())
            .add("request_id", r.requestId())
            .add("endpoint", r.endpoint())
            .add("streamed", r.streamed())
            .add("prompt_tokens", r.promptTokens())
            .add("completion_tokens", r.completionTokens())
            .add("usage_estimated", r.usageEstimated())
            .add("cost_usd", Double.toString(r.costUsd()))
            .add("total_ms", r.totalMs())
            .add("outcome", r.outcome().name())
            .add("cache_hit", r.cacheHit())
            .add("cached_prompt_tokens", r.cachedPromptTokens())
            .add("reasoning_tokens", r.reasoningTokens())
            .add("cache_write_tokens", r.cacheWriteTokens());
    text(o, "requested_model", r.requestedModel());
    text(o, "served_model", r.servedModel());
    text(o, "provider", r.provider());
    text(o, "error_code", r.errorCode());
    text(o, "tier", r.tier());
    text(o, "route_reason", r.routeReason());
    text(o, "attempts", r.attempts());
    if (r.ttftMs() != null) {
      o.add("ttft_ms", r.ttftMs());
    }
    if (r.clientKeyId() != null) {
      o.add("client_key_id", r.clientKeyId());
    }
    return o.build().toString();
  }

  /**
   * The record a line holds, named {@code ref}.
   *
   * @throws RuntimeException when the line is not a whole record (a line cut short by the kill)
   */
  static UsageRecord record(String ref, String json) {
    JsonObject o = JsonText.parseObject(json);
    UsageRecord.Builder b =
        UsageRecord.builder(
                Instant.parse(o.getString("created_at")),
                o.getString("request_id"),
                o.getString("endpoint"))
            .request(o.getBoolean("streamed"), text(o, "requested_model"))
            .clientKey(
                o.containsKey("client_key_id")
                    ? o.getJsonNumber("client_key_id").longValue()
                    : null)
            .served(text(o, "served_model"), text(o, "provider"), text(o, "tier"))
            .route(text(o, "route_reason"), text(o, "attempts"))
            .tokens(
                o.getInt("prompt_tokens"),
                o.getInt("completion_tokens"),
                o.getBoolean("usage_estimated"))
            .usageDetails(o.getInt("cached_prompt_tokens"), o.getInt("reasoning_tokens"))
            .cacheWrites(o.getInt("cache_write_tokens"))
            .cost(Double.parseDouble(o.getString("cost_usd")))
            .timing(
                o.containsKey("ttft_ms") ? o.getJsonNumber("ttft_ms").longValue() : null,
                o.getJsonNumber("total_ms").longValue())
            .outcome(Outcome.valueOf(o.getString("outcome")), text(o, "error_code"));
    if (o.getBoolean("cache_hit")) {
      b.cacheHit();
    }
    UsageRecord record = b.build();
    record.journalRef(ref);
    return record;
  }

  private static void text(JsonObjectBuilder o, String name, String value) {
    if (value != null) {
      o.add(name, value);
    }
  }

  private static String text(JsonObject o, String name) {
    JsonValue value = o.get(name);
    return value == null || value == JsonValue.NULL ? null : o.getString(name);
  }
}
