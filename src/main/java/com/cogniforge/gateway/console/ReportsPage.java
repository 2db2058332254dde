package com.cogniforge.gateway.console;

import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.ClientKeys;
import com.cogniforge.gateway.reports.ReportRange;
import com.cogniforge.gateway.reports.Reports;
import com.cogniforge.gateway.reports.UsageReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/reports}: TTFT percentiles, requests and errors over time, spend per tier per day,
 * cache hit rate and per-model health for a chosen range, as tables rendered here and as charts
 * drawn in the browser from {@code /admin/reports/data} (the same report as JSON).
 */
@ApplicationScoped
public class ReportsPage implements ConsolePage {

  @Inject Reports reports;
  @Inject ClientKeys keys;

  /** Key id to "name (prefix…)", for the per-key table. */
  private Map<Long, String> keyNames() {
    Map<Long, String> names = new HashMap<>();
    for (ClientKey key : keys.all()) {
      names.put(key.id(), key.name() + " (" + key.prefix() + "…)");
    }
    return names;
  }

  @Override
  public String path() {
    return "reports";
  }

  @Override
  public void get(ConsoleExchange exchange, String action) throws IOException {
    ReportRange range = ReportRange.of(exchange.param("range"));
    UsageReport report = reports.build(range);
    if (action.equals("data")) {
      exchange.response().setContentType("application/json;charset=UTF-8");
      exchange.response().getWriter().write(report.toJson());
      return;
    }
    exchange
        .put("range", range.key())
        .put("ranges", List.of(ReportRange.values()))
        .put("report", report)
        .put("keyNames", keyNames());
    exchange.render("reports", "reports");
  }
}
