package com.cogniforge.gateway.console;

import com.cogniforge.gateway.reports.ReportRange;
import com.cogniforge.gateway.reports.Reports;
import com.cogniforge.gateway.reports.UsageReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;

/**
 * {@code /admin/reports}: TTFT percentiles, requests and errors over time, spend per tier per day,
 * cache hit rate and per-model health for a chosen range, as tables rendered here and as charts
 * drawn in the browser from {@code /admin/reports/data} (the same report as JSON).
 */
@ApplicationScoped
public class ReportsPage implements ConsolePage {

  @Inject Reports reports;

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
        .put("report", report);
    exchange.render("reports", "reports");
  }
}
