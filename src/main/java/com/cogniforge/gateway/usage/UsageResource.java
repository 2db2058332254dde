package com.cogniforge.gateway.usage;

import com.cogniforge.gateway.ApiError;
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
        out.write(first ? "" : ",");
        out.write(UsageExportRows.json(r));
      }

      @Override
      void end(Writer out) throws IOException {
        out.write("]}");
      }
    },
    CSV("text/csv") {
      @Override
      void begin(Writer out, Instant from, Instant to) throws IOException {
        out.write(UsageExportRows.CSV_HEADER);
      }

      @Override
      void write(Writer out, UsageRecord r, boolean first) throws IOException {
        out.write(UsageExportRows.csv(r));
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
  }
}
