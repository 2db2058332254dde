package com.cogniforge.gateway.usage;

import com.cogniforge.gateway.JsonDocuments;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/** One usage record as a row of the export: a CSV line or a JSON object. */
public final class UsageExportRows {

  public static final String CSV_HEADER =
      "id,created_at,request_id,endpoint,streamed,requested_model,served_model,provider,"
          + "prompt_tokens,completion_tokens,usage_estimated,cost_usd,ttft_ms,total_ms,outcome,"
          + "error_code,tier,route_reason,attempts,cache_hit,client_key_id,cached_prompt_tokens,"
          + "reasoning_tokens,cache_write_tokens\r\n";

  private UsageExportRows() {}

  /** The record as one JSON object (no separator). */
  public static String json(UsageRecord r) {
    return JsonDocuments.toJson(
        new JsonRow(
            r.id(),
            r.createdAt(),
            r.requestId(),
            r.endpoint(),
            r.streamed(),
            r.requestedModel(),
            r.servedModel(),
            r.provider(),
            r.promptTokens(),
            r.completionTokens(),
            r.usageEstimated(),
            JsonDocuments.decimal(r.costUsd(), 8),
            r.ttftMs(),
            r.totalMs(),
            r.outcome().name().toLowerCase(Locale.ROOT),
            r.errorCode(),
            r.tier(),
            r.routeReason(),
            r.attempts(),
            r.cacheHit(),
            r.clientKeyId(),
            r.cachedPromptTokens(),
            r.reasoningTokens(),
            r.cacheWriteTokens()));
  }

  /** One record of the JSON export; the cost to 8 decimals. */
  @JsonbPropertyOrder({
    "id",
    "createdAt",
    "requestId",
    "endpoint",
    "streamed",
    "requestedModel",
    "servedModel",
    "provider",
    "promptTokens",
    "completionTokens",
    "usageEstimated",
    "costUsd",
    "ttftMs",
    "totalMs",
    "outcome",
    "errorCode",
    "tier",
    "routeReason",
    "attempts",
    "cacheHit",
    "clientKeyId",
    "cachedPromptTokens",
    "reasoningTokens",
    "cacheWriteTokens"
  })
  public record JsonRow(
      Long id,
      Instant createdAt,
      String requestId,
      String endpoint,
      boolean streamed,
      String requestedModel,
      String servedModel,
      String provider,
      int promptTokens,
      int completionTokens,
      boolean usageEstimated,
      BigDecimal costUsd,
      Long ttftMs,
      long totalMs,
      String outcome,
      String errorCode,
      String tier,
      String routeReason,
      String attempts,
      boolean cacheHit,
      Long clientKeyId,
      int cachedPromptTokens,
      int reasoningTokens,
      int cacheWriteTokens) {}

  /** The record as one CSV line, CRLF included. */
  public static String csv(UsageRecord r) {
    return String.join(
            ",",
            String.valueOf(r.id()),
            r.createdAt().toString(),
            cell(r.requestId()),
            cell(r.endpoint()),
            String.valueOf(r.streamed()),
            cell(r.requestedModel()),
            cell(r.servedModel()),
            cell(r.provider()),
            String.valueOf(r.promptTokens()),
            String.valueOf(r.completionTokens()),
            String.valueOf(r.usageEstimated()),
            String.format(Locale.ROOT, "%.8f", r.costUsd()),
            r.ttftMs() == null ? "" : String.valueOf(r.ttftMs()),
            String.valueOf(r.totalMs()),
            r.outcome().name().toLowerCase(Locale.ROOT),
            cell(r.errorCode()),
            cell(r.tier()),
            cell(r.routeReason()),
            cell(r.attempts()),
            String.valueOf(r.cacheHit()),
            r.clientKeyId() == null ? "" : String.valueOf(r.clientKeyId()),
            String.valueOf(r.cachedPromptTokens()),
            String.valueOf(r.reasoningTokens()),
            String.valueOf(r.cacheWriteTokens()))
        + "\r\n";
  }

  /**
   * RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would run as a formula
   * (model names come from clients).
   */
  private static String cell(String value) {
    if (value == null) {
      return "";
    }
    String safe =
        !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
    return safe;
  }
}
