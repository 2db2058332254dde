package com.cogniforge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void quoteEscapesWhatJsonRequires() {
    assertEquals(
        "\"a\\\"b\\\\c\\n\\r\\t\\u0000\\u001f\\u2028\"",
        JsonText.quote("a\"b\\c\n\r\t\u0000\u001f\u2028"));
  }

  @Test
  void quotedTextRoundTripsThroughAParser() {
    String text = "عربي \uD83D\uDE00 <script>alert(1)</script> \u0007";
    assertEquals(text, JsonText.parseObject("{\"t\":" + JsonText.quote(text) + "}").getString("t"));
  }
}
