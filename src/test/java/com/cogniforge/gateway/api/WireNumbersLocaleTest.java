package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.monitoring.GatewayMetrics;
import com.cogniforge.gateway.providers.OpenAiWire;
import com.cogniforge.gateway.relay.StreamSummary;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.Outcome;
import com.cogniforge.gateway.usage.UsageExportRows;
import com.cogniforge.gateway.usage.UsageRecord;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Numbers on the wire and in exports are {@code .}-decimal whatever the JVM's default locale: on a
 * German JVM {@code String.format("%.8f")} writes {@code 0,00003000}, which is not JSON and shifts
 * every CSV column after it.
 */
class WireNumbersLocaleTest {

  private Locale saved;

  @BeforeEach
  void german() {
    saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
  }

  @AfterEach
  void restore() {
    Locale.setDefault(saved);
  }

  private static UsageRecord record(double costUsd) {
    return UsageRecord.builder(Instant.parse("2026-11-24T10:00:00Z"), "req-1", "stream")
        .request(true, "auto")
        .served("m/a", "simulated", "SMART")
        .route("tier SMART requested", null)
        .tokens(12, 34, false)
        .cost(costUsd)
        .timing(120L, 250)
        .outcome(Outcome.OK, null)
        .build();
  }

  @Test
  void sseDoneEventCostIsADotDecimalJsonNumber() {
    JsonObject done =
        JsonText.parseObject(
            SseClientStream.doneJson(new StreamSummary("stop", 12, 34, false, 0.00003, 80L, 250)));
    assertEquals(new BigDecimal("0.00003000"), done.getJsonNumber("cost_usd").bigDecimalValue());
    assertEquals(46, done.getJsonObject("usage").getInt("total_tokens"));
  }

  @Test
  void openAiUsageChunkAndCompletionParse() {
    JsonObject chunk = JsonText.parseObject(OpenAiWire.usageChunk("id1", 42, "m/a", 12, 34));
    assertEquals(46, chunk.getJsonObject("usage").getInt("total_tokens"));
    JsonObject completion =
        JsonText.parseObject(OpenAiWire.completion("id1", 42, "m/a", "hi", "stop", 12, 34));
    assertEquals(34, completion.getJsonObject("usage").getInt("completion_tokens"));
  }

  @Test
  void openAiUsageCarriesTheCostAsADotDecimalAndTheKnownDetails() {
    JsonObject usage =
        JsonText.parseObject(OpenAiWire.usageChunk("id1", 42, "m/a", 1200, 300, 1024, 256, 0.0015))
            .getJsonObject("usage");
    assertEquals(new BigDecimal("0.00150000"), usage.getJsonNumber("cost").bigDecimalValue());
    assertEquals(1024, usage.getJsonObject("prompt_tokens_details").getInt("cached_tokens"));
    assertEquals(256, usage.getJsonObject("completion_tokens_details").getInt("reasoning_tokens"));
    assertEquals(1500, usage.getInt("total_tokens"));

    JsonObject plain =
        JsonText.parseObject(OpenAiWire.usageChunk("id1", 42, "m/a", 12, 34, -1, -1, 0))
            .getJsonObject("usage");
    assertEquals(0, plain.getJsonNumber("cost").doubleValue(), "a cached answer costs nothing");
    assertFalse(plain.containsKey("prompt_tokens_details"), "unknown details are left out");
    assertFalse(plain.containsKey("completion_tokens_details"));
    JsonObject zeros =
        JsonText.parseObject(OpenAiWire.usageChunk("id1", 42, "m/a", 12, 34, 0, 0, 0))
            .getJsonObject("usage");
    assertEquals(
        0,
        zeros.getJsonObject("prompt_tokens_details").getInt("cached_tokens"),
        "a reported 0 is passed on, as OpenAI sends it");
    assertEquals(0, zeros.getJsonObject("completion_tokens_details").getInt("reasoning_tokens"));
    assertEquals("0.00150000", OpenAiWire.usd(0.0015), "the header value");
  }

  @Test
  void csvExportRowHasTheCostInItsOwnColumn() {
    List<String> header = List.of(UsageExportRows.CSV_HEADER.strip().split(","));
    String[] cells = UsageExportRows.csv(record(0.00003)).strip().split(",", -1);
    assertEquals(header.size(), cells.length, String.join("|", cells));
    assertEquals("0.00003000", cells[header.indexOf("cost_usd")]);
    assertEquals("120", cells[header.indexOf("ttft_ms")]);
    assertEquals("ok", cells[header.indexOf("outcome")]);
  }

  @Test
  void jsonExportRowCostIsADotDecimalJsonNumber() {
    String json = UsageExportRows.json(record(0.00003));
    JsonObject row = JsonText.parseObject(json);
    assertEquals(new BigDecimal("0.00003000"), row.getJsonNumber("cost_usd").bigDecimalValue());
    // The names, order and formats of the hand-written row this replaced.
    assertEquals(
        "{\"id\":null,\"created_at\":\"2026-11-24T10:00:00Z\",\"request_id\":\"req-1\","
            + "\"endpoint\":\"stream\",\"streamed\":true,\"requested_model\":\"auto\","
            + "\"served_model\":\"m/a\",\"provider\":\"simulated\",\"prompt_tokens\":12,"
            + "\"completion_tokens\":34,\"usage_estimated\":false,\"cost_usd\":0.00003000,"
            + "\"ttft_ms\":120,\"total_ms\":250,\"outcome\":\"ok\",\"error_code\":null,"
            + "\"tier\":\"SMART\",\"route_reason\":\"tier SMART requested\",\"attempts\":null,"
            + "\"cache_hit\":false,\"client_key_id\":null,\"cached_prompt_tokens\":0,"
            + "\"reasoning_tokens\":0,\"cache_write_tokens\":0}",
        json);
    Instant precise = Instant.parse("2026-11-24T10:00:00.123456Z");
    assertEquals("\"" + precise + "\"", JsonDocuments.toJson(precise));
  }

  @Test
  void metricsRatesAndAveragesAreDotDecimalJsonNumbers() {
    GatewayMetrics metrics =
        GatewayMetrics.withTiers(
            TierModels.of(GatewaySettings.withValues(Map.of(Setting.SMART_MODEL, "m/a,m/b"))));
    metrics.record(record(0.00003));
    metrics.record(record(0.00001));
    metrics.record(
        UsageRecord.builder(Instant.parse("2026-11-24T10:00:01Z"), "req-2", "stream")
            .request(true, "auto")
            .served("m/a", "simulated", "SMART")
            .route("tier SMART requested", null)
            .tokens(1, 0, false)
            .cost(0)
            .timing(null, 101)
            .outcome(Outcome.UPSTREAM_ERROR, "server_error")
            .build());
    JsonObject json =
        JsonText.parseObject(
            JsonDocuments.toJson(MetricsDocument.of(metrics.live(), null, 0, null, null)));
    assertEquals(new BigDecimal("0.6667"), json.getJsonNumber("success_rate").bigDecimalValue());
    assertEquals(new BigDecimal("200.3"), json.getJsonNumber("avg_total_ms").bigDecimalValue());
    JsonObject model = json.getJsonObject("models").getJsonObject("m/a");
    assertEquals(new BigDecimal("0.6667"), model.getJsonNumber("success_rate").bigDecimalValue());
  }
}
