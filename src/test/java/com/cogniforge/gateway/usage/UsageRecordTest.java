package com.cogniforge.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageRecordTest {

  private static UsageRecord withText(String text) {
    return UsageRecord.builder(Instant.EPOCH, text, text)
        .request(true, text)
        .served(text, text, text)
        .route(text, text)
        .tokens(1, 1, false)
        .timing(1L, 1)
        .outcome(Outcome.REJECTED, text)
        .build();
  }

  @Test
  void controlCharactersOfClientTextNeverReachTheDatabase() {
    UsageRecord record = withText("\u0000x\ty\u001b[2J\u007f\u0085z\n");
    assertEquals("?x y?[2J??z ", record.requestedModel());
    assertEquals("?x y?[2J??z ", record.servedModel());
    assertEquals("?x y?[2J??z ", record.requestId());
    assertEquals("?x y?[2J??z ", record.errorCode());
    assertEquals("?x y?[2J??z ", record.attempts());
  }

  @Test
  void everyTextColumnIsClippedToItsWidth() {
    UsageRecord record = withText("m".repeat(5000));
    assertEquals(64, record.requestId().length());
    assertEquals(32, record.endpoint().length());
    assertEquals(200, record.requestedModel().length());
    assertEquals(200, record.servedModel().length());
    assertEquals(64, record.provider().length());
    assertEquals(64, record.errorCode().length());
    assertEquals(16, record.tier().length());
    assertEquals(500, record.routeReason().length());
    assertEquals(1000, record.attempts().length());
  }

  @Test
  void aLoneSurrogateCutInHalfIsNotLeftAtTheEnd() {
    UsageRecord record = withText("m".repeat(199) + "\uD83D\uDE00");
    assertEquals("m".repeat(199), record.requestedModel());
    assertNull(withText(null).requestedModel());
  }
}
