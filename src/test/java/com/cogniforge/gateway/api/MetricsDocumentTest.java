package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.budget.BudgetFigures;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.monitoring.GatewayMetrics;
import com.cogniforge.gateway.reports.SavingsReport;
import com.cogniforge.gateway.resilience.AttemptResult;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.resilience.QualityPolicy;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The metrics document through JSON-B: the same names, order and number formats as the hand-written
 * JSON it replaced (the expected texts are that JSON's output for the same input).
 */
class MetricsDocumentTest {

  private static final TierModels TIERS =
      TierModels.of(GatewaySettings.withValues(Map.of(Setting.SMART_MODEL, "m/a,m/b")));

  private static UsageRecord record(String model, Outcome outcome, Long ttftMs) {
    return UsageRecord.builder(Instant.parse("2026-11-24T10:00:00.123Z"), "req-1", "stream")
        .request(true, "auto")
        .served(model, "simulated", "SMART")
        .route("tier SMART requested", null)
        .tokens(12, 34, false)
        .cost(0.00003)
        .timing(ttftMs, 250)
        .outcome(outcome, null)
        .build();
  }

  private static GatewayMetrics metrics() {
    GatewayMetrics metrics = GatewayMetrics.withTiers(TIERS);
    metrics.record(record("m/a", Outcome.OK, 120L));
    metrics.record(record("m/a", Outcome.OK, 80L));
    metrics.record(record("x/other", Outcome.UPSTREAM_ERROR, null));
    return metrics;
  }

  @Test
  void liveFiguresKeepTheirNamesOrderAndDecimals() {
    GatewayMetrics.Live live = metrics().live();
    String json =
        JsonDocuments.toJson(
            MetricsDocument.of(
                new GatewayMetrics.Live(
                    Instant.parse("2026-11-24T09:00:00Z"),
                    live.openStreams(),
                    live.all(),
                    live.models()),
                null,
                0,
                null,
                null));
    String expected =
        "{\"since\":\"2026-11-24T09:00:00Z\",\"open_streams\":0,\"requests\":3,"
            + "\"succeeded\":2,\"success_rate\":0.6667,\"outcomes\":{\"ok\":2,\"upstream_error\":1,"
            + "\"client_cancelled\":0,\"rejected\":0,\"interrupted\":0,\"key_revoked\":0},\"ttft_ms\":{\"p50\":80,"
            + "\"p95\":120,\"p99\":120,\"samples\":2},\"avg_total_ms\":250.0,\"models\":{\"x/other\":{\"requests\":1,"
            + "\"succeeded\":0,\"success_rate\":0.0000,\"outcomes\":{\"ok\":0,\"upstream_error\":1,"
            + "\"client_cancelled\":0,\"rejected\":0,\"interrupted\":0,\"key_revoked\":0},\"ttft_ms\":{\"p50\":null,"
            + "\"p95\":null,\"p99\":null,\"samples\":0},\"avg_total_ms\":250.0},\"m/a\":{\"requests\":2,"
            + "\"succeeded\":2,\"success_rate\":1.0000,\"outcomes\":{\"ok\":2,\"upstream_error\":0,"
            + "\"client_cancelled\":0,\"rejected\":0,\"interrupted\":0,\"key_revoked\":0},\"ttft_ms\":{\"p50\":80,"
            + "\"p95\":120,\"p99\":120,\"samples\":2},\"avg_total_ms\":250.0,\"tier\":\"SMART\","
            + "\"ttft_target_ms\":1000,\"within_ttft_target\":true}}";
    assertEquals(
        expected + ",\"today\":null,\"cache\":{\"entries\":0},\"quality\":null,\"cluster\":null}",
        json);
  }

  @Test
  void qualityFiguresKeepTheirNamesOrderAndDecimals() {
    QualityMonitor q =
        QualityMonitor.withPolicy(
            new QualityPolicy(Duration.ofMinutes(5), 0.5, 3, Duration.ofMillis(200)), TIERS);
    q.observe("m/a", new AttemptResult(AttemptResult.Outcome.SUCCESS, null, 100L, 10.0, 100.0));
    q.observe(
        "m/a", new AttemptResult(AttemptResult.Outcome.FAILURE, "server_error", null, null, null));
    q.observe("x/b", new AttemptResult(AttemptResult.Outcome.SUCCESS, null, 300L, 30.0, 50.0));
    assertEquals(
        "{\"window_seconds\":300,\"health_threshold\":0.5,\"models\":{\"m/a\":{\"circuit\":\"closed\","
            + "\"health\":0.500,\"calls\":2,\"success_rate\":0.500,\"errors\":{\"server_error\":1},"
            + "\"ttft_ms\":{\"p50\":100,\"p95\":100,\"p99\":100},\"inter_token_ms\":{\"p50\":10.000,"
            + "\"p95\":10.000,\"p99\":10.000},\"tokens_per_second\":100.000,\"ttft_target_ms\":1000,"
            + "\"circuit_openings\":0,\"probe_in_seconds\":null},\"x/b\":{\"circuit\":\"closed\","
            + "\"health\":1.000,\"calls\":1,\"success_rate\":1.000,\"errors\":{},\"ttft_ms\":{\"p50\":300,"
            + "\"p95\":300,\"p99\":300},\"inter_token_ms\":{\"p50\":30.000,\"p95\":30.000,"
            + "\"p99\":30.000},\"tokens_per_second\":50.000,\"ttft_target_ms\":null,"
            + "\"circuit_openings\":0,\"probe_in_seconds\":null}}}",
        JsonDocuments.toJson(q.figures()));
  }

  @Test
  void budgetKeepsEightDecimalsInPlainNotation() {
    DailyBudget.Snapshot snapshot =
        new DailyBudget.Snapshot(5.0, 0.00003, 0.0000001, Tier.SMART, 3600);
    assertEquals(
        "{\"daily_usd\":5.0,\"spent_usd\":0.00003000,\"reserved_usd\":0.00000010,"
            + "\"remaining_usd\":4.99996990,\"highest_tier\":\"SMART\",\"resets_in_seconds\":3600}",
        snapshot.toJson());
  }

  @Test
  void todaysSavingsNestTheBudget() {
    SavingsReport.Today today =
        new SavingsReport.Today(
            Instant.parse("2026-11-24T00:00:00Z"),
            Map.of(
                "SMART",
                new SavingsReport.TierSpend(
                    2, 24, 68, new BigDecimal("0.00004000"), new BigDecimal("0.00100000"))),
            new BigDecimal("0.00004000"),
            new BigDecimal("0.00100000"),
            new BigDecimal("0.00096000"),
            BudgetFigures.of(new DailyBudget.Snapshot(5.0, 0, 0, Tier.GENIUS, 60)));
    assertEquals(
        "{\"since\":\"2026-11-24T00:00:00Z\",\"tiers\":{\"SMART\":{\"requests\":2,"
            + "\"prompt_tokens\":24,\"completion_tokens\":68,\"spend_usd\":0.00004000,"
            + "\"genius_equivalent_usd\":0.00100000}},\"spend_usd\":0.00004000,"
            + "\"genius_equivalent_usd\":0.00100000,\"savings_usd\":0.00096000,"
            + "\"budget\":{\"daily_usd\":5.0,\"spent_usd\":0.00000000,\"reserved_usd\":0.00000000,"
            + "\"remaining_usd\":5.00000000,\"highest_tier\":\"GENIUS\",\"resets_in_seconds\":60}}",
        JsonDocuments.toJson(today));
  }
}
