package com.cogniforge.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeyTest {

  private static ChatRequest request(String message, String options) {
    return new ChatRequest(
        null,
        List.of(new ChatMessage("user", "hi", 0, JsonText.parseObject(message))),
        null,
        JsonText.parseObject(options));
  }

  private static String key(String message, String options) {
    return CacheKey.of("m/a", request(message, options));
  }

  private static final String TEXT = "{\"role\":\"user\",\"content\":\"hi\"}";

  @Test
  void everyFieldThatChangesTheAnswerChangesTheKey() {
    String plain = key(TEXT, "{}");
    assertEquals(plain, key(TEXT, "{}"));
    assertNotEquals(plain, key(TEXT, "{\"tools\":[{\"type\":\"function\"}]}"));
    assertNotEquals(plain, key(TEXT, "{\"tool_choice\":\"required\"}"));
    assertNotEquals(plain, key(TEXT, "{\"response_format\":{\"type\":\"json_object\"}}"));
    assertNotEquals(plain, key(TEXT, "{\"reasoning_effort\":\"high\"}"));
    assertNotEquals(
        plain,
        key(
            "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/cat.png\"}}]}",
            "{}"));
    assertNotEquals(
        key("{\"role\":\"tool\",\"tool_call_id\":\"a\",\"content\":\"hi\"}", "{}"),
        key("{\"role\":\"tool\",\"tool_call_id\":\"b\",\"content\":\"hi\"}", "{}"));
  }

  @Test
  void aTextMessageAndTheSameTextWithMoreFieldsDiffer() {
    assertNotEquals(
        key(TEXT, "{}"), key("{\"role\":\"user\",\"content\":\"hi\",\"name\":\"ann\"}", "{}"));
  }
}
