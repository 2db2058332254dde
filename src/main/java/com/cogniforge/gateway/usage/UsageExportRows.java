package com.cogniforge.gateway.usage;

import com.cogniforge.gateway.JsonText;
import java.util.Locale;

/** One usage record as a row of the export: a CSV line or a JSON object. */
public final class UsageExportRows {

  public static final String CSV_HEADER =
      "id,created_at,request_id,endpoint,streamed,requested_model,served_model,provider,"
          + "prompt_tokens,completion_tokens,usage_estimated,cost_usd,ttft_ms,total_ms,outcome,"
          + "error_code,tier,route_reason,attempts,cache_hit,client_key_id\r\n";

  private UsageExportRows() {}

  /** The record as one JSON object (no separator). */
  public static String json(UsageRecord r) {
    StringBuilder json =
        new StringBuilder(400)
            .append("{\"id\":")
            .append(r.id())
            .append(",\"created_at\":\"")
            .append(r.createdAt())
            .append("\",\"request_id\":");
    JsonText.quote(json, r.requestId()).append(",\"endpoint\":");
    JsonText.quote(json, r.endpoint())
        .append(",\"streamed\":")
        .append(r.streamed())
        .append(",\"requested_model\":");
    JsonText.quoteOrNull(json, r.requestedModel()).append(",\"served_model\":");
    JsonText.quoteOrNull(json, r.servedModel()).append(",\"provider\":");
    JsonText.quoteOrNull(json, r.provider())
        .append(",\"prompt_tokens\":")
        .append(r.promptTokens())
        .append(",\"completion_tokens\":")
        .append(r.completionTokens())
        .append(",\"usage_estimated\":")
        .append(r.usageEstimated())
        .append(",\"cost_usd\":")
        .append(String.format(Locale.ROOT, "%.8f", r.costUsd()))
        .append(",\"ttft_ms\":")
        .append(r.ttftMs())
        .append(",\"total_ms\":")
        .append(r.totalMs())
        .append(",\"outcome\":\"")
        .append(r.outcome().name().toLowerCase(Locale.ROOT))
        .append("\"")
        .append(",\"error_code\":");
    JsonText.quoteOrNull(json, r.errorCode()).append(",\"tier\":");
    JsonText.quoteOrNull(json, r.tier()).append(",\"route_reason\":");
    JsonText.quoteOrNull(json, r.routeReason()).append(",\"attempts\":");
    JsonText.quoteOrNull(json, r.attempts())
        .append(",\"cache_hit\":")
        .append(r.cacheHit())
        .append(",\"client_key_id\":")
        .append(r.clientKeyId())
        .append('}');
    return json.toString();
  }

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
            r.clientKeyId() == null ? "" : String.valueOf(r.clientKeyId()))
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
