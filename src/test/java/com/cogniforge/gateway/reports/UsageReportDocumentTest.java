package com.cogniforge.gateway.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The usage report's JSON through JSON-B, as the hand-written JSON it replaced wrote it. */
class UsageReportDocumentTest {

  @Test
  void namesOrderAndDecimalsAreTheOnesTheConsoleReads() {
    Map<LocalDate, Map<String, Double>> spend = new LinkedHashMap<>();
    spend.put(LocalDate.parse("2026-11-24"), new LinkedHashMap<>(Map.of("SMART", 0.0001)));
    UsageReport report =
        new UsageReport(
            ReportRange.values()[0],
            Instant.parse("2026-11-24T00:00:00Z"),
            Instant.parse("2026-11-25T00:00:00Z"),
            new UsageReport.Totals(3, 1, 1, 0.00012345678, 100L, null, 300L),
            List.of(
                new UsageReport.Bucket(
                    Instant.parse("2026-11-24T01:00:00Z"), 2, 1, 0, 10L, 20L, null)),
            spend,
            List.of(
                new UsageReport.ModelHealth("m/a", "SMART", 3, 1, 100L, 2000L, 1000L, 0.0001),
                new UsageReport.ModelHealth("m/\"b", null, 0, 0, null, null, null, 0)),
            List.of(
                new UsageReport.KeyUsage(7L, 3, 0, 0.5), new UsageReport.KeyUsage(null, 1, 1, 0)));
    assertEquals(
        "{\"range\":\"1h\",\"from\":\"2026-11-24T00:00:00Z\",\"to\":\"2026-11-25T00:00:00Z\","
            + "\"bucket_seconds\":60,\"totals\":{\"requests\":3,\"errors\":1,\"cache_hits\":1,"
            + "\"cost_usd\":0.000123,\"ttft_ms\":{\"p50\":100,\"p95\":null,\"p99\":300}},"
            + "\"series\":[{\"t\":\"2026-11-24T01:00:00Z\",\"requests\":2,\"errors\":1,"
            + "\"cache_hits\":0,\"ttft_ms\":{\"p50\":10,\"p95\":20,\"p99\":null}}],\"spend_by_day\":[{\"day\":\"2026-11-24\","
            + "\"SMART\":0.000100}],\"models\":[{\"model\":\"m/a\",\"tier\":\"SMART\",\"requests\":3,"
            + "\"errors\":1,\"success_rate\":0.6667,\"ttft_p50_ms\":100,\"ttft_p95_ms\":2000,"
            + "\"ttft_target_ms\":1000,\"health\":0.333,\"cost_usd\":0.000100},{\"model\":\"m/\\\"b\","
            + "\"tier\":null,\"requests\":0,\"errors\":0,\"success_rate\":1.0000,\"ttft_p50_ms\":null,"
            + "\"ttft_p95_ms\":null,\"ttft_target_ms\":null,\"health\":1.000,\"cost_usd\":0.000000}],"
            + "\"keys\":[{\"client_key_id\":7,\"requests\":3,\"errors\":0,\"cost_usd\":0.500000},"
            + "{\"client_key_id\":null,\"requests\":1,\"errors\":1,\"cost_usd\":0.000000}]}",
        report.toJson());
  }
}
