package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamEventParserTest {

  private final UpstreamEventParser parser = new UpstreamEventParser();

  private List<String> feed(String... lines) {
    List<String> events = new ArrayList<>();
    for (String line : lines) {
      String data;
      try {
        data = parser.feed(line);
      } catch (UpstreamFailure oversized) {
        throw new IllegalStateException(oversized);
      }
      if (data != null) {
        events.add(data);
      }
    }
    return events;
  }

  @Test
  void eventEndsAtBlankLine() {
    assertEquals(List.of("{\"a\":1}", "[DONE]"), feed("data: {\"a\":1}", "", "data: [DONE]", ""));
  }

  @Test
  void commentsAndRepeatedBlankLinesAreSkipped() {
    assertEquals(List.of("x"), feed(": OPENROUTER PROCESSING", "", "", ": ping", "data: x", ""));
  }

  @Test
  void multiLineDataIsJoinedWithNewlines() {
    assertEquals(List.of("{\"a\":\n1}"), feed("data: {\"a\":", "data: 1}", ""));
  }

  @Test
  void spaceAfterColonIsOptionalAndOnlyOneIsStripped() {
    assertEquals(List.of("x", " y"), feed("data:x", "", "data:  y", ""));
  }

  @Test
  void otherFieldsAreIgnored() {
    assertEquals(List.of("z"), feed("event: message", "id: 7", "retry: 10", "data: z", ""));
  }

  @Test
  void fieldWithoutColonHasEmptyValue() {
    assertEquals(List.of(""), feed("data", ""));
  }

  @Test
  void finishReturnsEventWithoutTrailingBlankLine() {
    assertEquals(List.of(), feed("data: last"));
    assertEquals("last", parser.finish());
    assertNull(parser.finish());
  }

  @Test
  void anEventThatNeverEndsIsCutAtItsCapNotBufferedForever() throws Exception {
    String line = "data: " + "x".repeat(64 * 1024);
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () -> {
              for (int i = 0; i < 32; i++) {
                parser.feed(line); // 2 MiB of data lines without the blank line that ends them
              }
            });
    assertEquals(UpstreamFailure.Kind.OVERSIZED, failure.kind());
  }
}
