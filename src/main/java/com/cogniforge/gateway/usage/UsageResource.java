package com.cogniforge.gateway.usage;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/usage?from=&to=&model=&tier=&outcome=&key=&format=json|csv}: the usage records
 * of a time range (optionally of one model, tier or outcome), streamed from the database page by
 * page so that a month of records never sits in memory at once. Admin only (see {@code web.xml}).
 */
@Path("/api/v1/usage")
public class UsageResource {

  private static final int PAGE = 1000;

  @Inject UsageStore store;
  @Inject UsageRecorder recorder;

  @GET
  public Response export(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("model") String model,
      @QueryParam("tier") String tier,
      @QueryParam("outcome") String outcome,
      @QueryParam("key") String key,
      @QueryParam("format") String format) {
    UsageFilter filter = UsageFilter.parse(from, to, model, tier, outcome, key);
    recorder.catchUp(); // include requests that finished a moment ago
    UsageFormat chosen = UsageFormat.of(format);
    StreamingOutput body =
        out -> {
          Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          chosen.begin(writer, filter.from(), filter.to());
          long afterId = 0;
          boolean first = true;
          List<UsageRecord> page;
          do {
            page = store.page(filter, afterId, 0, PAGE);
            for (UsageRecord record : page) {
              chosen.write(writer, record, first);
              first = false;
              afterId = record.id();
            }
            writer.flush();
          } while (page.size() == PAGE);
          chosen.end(writer);
          writer.flush();
        };
    Response.ResponseBuilder response = Response.ok(body, chosen.mediaType);
    if (chosen == UsageFormat.CSV) {
      response.header("Content-Disposition", "attachment; filename=\"usage.csv\"");
    }
    return response.build();
  }

  /** The two export formats. */
  enum UsageFormat {
    JSON("application/json") {
      @Override
      void begin(Writer out, Instant from, Instant to) throws IOException {
        out.write("{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"records\":[");
      }

      @Override
      void write(Writer out, UsageRecord r, boolean first) throws IOException {
        StringBuilder json =
            new StringBuilder(400)
                .append(first ? "" : ",")
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
            .append(String.format("%.8f", r.costUsd()))
            .append(",\"ttft_ms\":")
            .append(r.ttftMs())
            .append(",\"total_ms\":")
            .append(r.totalMs())
            .append(",\"outcome\":\"")
            .append(r.outcome().name().toLowerCase())
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
        out.write(json.toString());
      }

      @Override
      void end(Writer out) throws IOException {
        out.write("]}");
      }
    },
    CSV("text/csv") {
      @Override
      void begin(Writer out, Instant from, Instant to) throws IOException {
        out.write(
            "id,created_at,request_id,endpoint,streamed,requested_model,served_model,provider,"
                + "prompt_tokens,completion_tokens,usage_estimated,cost_usd,ttft_ms,total_ms,outcome,"
                + "error_code,tier,route_reason,attempts,cache_hit,client_key_id\r\n");
      }

      @Override
      void write(Writer out, UsageRecord r, boolean first) throws IOException {
        out.write(
            String.join(
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
                    String.format("%.8f", r.costUsd()),
                    r.ttftMs() == null ? "" : String.valueOf(r.ttftMs()),
                    String.valueOf(r.totalMs()),
                    r.outcome().name().toLowerCase(),
                    cell(r.errorCode()),
                    cell(r.tier()),
                    cell(r.routeReason()),
                    cell(r.attempts()),
                    String.valueOf(r.cacheHit()),
                    r.clientKeyId() == null ? "" : String.valueOf(r.clientKeyId()))
                + "\r\n");
      }

      @Override
      void end(Writer out) {}
    };

    final String mediaType;

    UsageFormat(String mediaType) {
      this.mediaType = mediaType + ";charset=UTF-8";
    }

    static UsageFormat of(String name) {
      if (name == null || name.isBlank() || name.equalsIgnoreCase("json")) {
        return JSON;
      }
      if (name.equalsIgnoreCase("csv")) {
        return CSV;
      }
      throw ApiError.badRequest("invalid_format", "format must be json or csv");
    }

    abstract void begin(Writer out, Instant from, Instant to) throws IOException;

    abstract void write(Writer out, UsageRecord record, boolean first) throws IOException;

    abstract void end(Writer out) throws IOException;

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
}
