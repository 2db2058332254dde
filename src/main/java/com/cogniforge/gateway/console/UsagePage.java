package com.cogniforge.gateway.console;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageFilter;
import com.cogniforge.gateway.usage.UsageRecord;
import com.cogniforge.gateway.usage.UsageRecorder;
import com.cogniforge.gateway.usage.UsageStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/usage}: the usage records, newest first, 50 a page, filtered by date range, model,
 * tier and outcome; the filtered set exports as CSV or JSON through {@code /api/v1/usage}, which
 * streams it from the database.
 */
@ApplicationScoped
public class UsagePage implements ConsolePage {

  static final int PAGE = 50;

  @Inject UsageStore store;
  @Inject UsageRecorder recorder;

  @Override
  public String path() {
    return "usage";
  }

  @Override
  public void get(ConsoleExchange exchange, String action) throws IOException {
    Map<String, String> filters = new LinkedHashMap<>();
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    filters.put("from", exchange.param("from").isEmpty() ? today : exchange.param("from"));
    filters.put("to", exchange.param("to").isEmpty() ? today : exchange.param("to"));
    filters.put("model", exchange.param("model"));
    filters.put("tier", exchange.param("tier"));
    filters.put("outcome", exchange.param("outcome"));
    filters.put("key", exchange.param("key"));
    List<UsageRecord> records = List.of();
    try {
      UsageFilter filter =
          UsageFilter.parse(
              filters.get("from"),
              filters.get("to"),
              filters.get("model"),
              filters.get("tier"),
              filters.get("outcome"),
              filters.get("key"));
      long before = parseId(exchange.param("before"));
      recorder.catchUp();
      records = store.page(filter, 0, before, PAGE);
    } catch (ApiError invalid) {
      exchange.status(400);
      exchange.put("filterError", exchange.text("usage.filter.invalid", invalid.getMessage()));
    }
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, String> filter : filters.entrySet()) {
      if (!filter.getValue().isEmpty()) {
        query
            .append(query.length() == 0 ? "" : "&")
            .append(filter.getKey())
            .append('=')
            .append(URLEncoder.encode(filter.getValue(), StandardCharsets.UTF_8));
      }
    }
    exchange
        .put("filters", filters)
        .put("records", records)
        .put("outcomes", List.of(Outcome.values()))
        .put("query", query.toString())
        .put("olderThan", records.size() == PAGE ? records.get(records.size() - 1).id() : null);
    exchange.render("usage", "usage");
  }

  private static long parseId(String value) {
    try {
      return value.isEmpty() ? Long.MAX_VALUE : Math.max(1, Long.parseLong(value));
    } catch (NumberFormatException notAnId) {
      return Long.MAX_VALUE;
    }
  }
}
