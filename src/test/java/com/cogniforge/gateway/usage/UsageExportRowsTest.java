package com.cogniforge.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The usage details are exported as the last columns, so older readers keep their indexes. */
class UsageExportRowsTest {

  private static final UsageRecord RECORD =
      UsageRecord.builder(Instant.parse("2026-11-24T10:00:00Z"), "req-1", "openai")
          .request(true, "auto")
          .served("openai/o3", "openrouter", "GENIUS")
          .tokens(1200, 300, false)
          .usageDetails(1024, 256)
          .cacheWrites(64)
          .cost(0.001)
          .timing(120L, 900)
          .outcome(Outcome.OK, null)
          .build();

  @Test
  void csvRowsEndWithCachedPromptAndReasoningTokens() {
    List<String> header = List.of(UsageExportRows.CSV_HEADER.strip().split(","));
    String[] cells = UsageExportRows.csv(RECORD).strip().split(",", -1);
    assertEquals(header.size(), cells.length);
    assertEquals(
        List.of("client_key_id", "cached_prompt_tokens", "reasoning_tokens", "cache_write_tokens"),
        header.subList(header.size() - 4, header.size()));
    assertEquals("1024", cells[cells.length - 3]);
    assertEquals("256", cells[cells.length - 2]);
    assertEquals("64", cells[cells.length - 1]);
  }

  @Test
  void jsonRowsEndWithCachedPromptAndReasoningTokens() {
    JsonObject row = JsonText.parseObject(UsageExportRows.json(RECORD));
    List<String> names = List.copyOf(row.keySet());
    assertEquals(
        List.of("cached_prompt_tokens", "reasoning_tokens", "cache_write_tokens"),
        names.subList(names.size() - 3, names.size()));
    assertEquals(1024, row.getInt("cached_prompt_tokens"));
    assertEquals(256, row.getInt("reasoning_tokens"));
    assertEquals(64, row.getInt("cache_write_tokens"));
  }
}
