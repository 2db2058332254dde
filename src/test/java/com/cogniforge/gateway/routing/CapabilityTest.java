package com.cogniforge.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapabilityTest {

  private static Set<Capability> needed(String part, String options) {
    ChatMessage message =
        part == null
            ? new ChatMessage("user", "hi")
            : new ChatMessage(
                "user",
                "hi",
                85,
                JsonText.parseObject("{\"role\":\"user\",\"content\":[" + part + "]}"));
    return Capability.neededBy(
        new ChatRequest(null, List.of(message), null, JsonText.parseObject(options)));
  }

  @Test
  void plainTextNeedsNothing() {
    assertEquals(Set.of(), needed(null, "{\"temperature\":0,\"tools\":null}"));
    assertEquals(Set.of(), needed(null, "{\"response_format\":{\"type\":\"json_object\"}}"));
  }

  @Test
  void imageAudioAndFilePartsNeedImages() {
    assertEquals(
        Set.of(Capability.IMAGES),
        needed("{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}}", "{}"));
    assertEquals(
        Set.of(Capability.IMAGES),
        needed("{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA\"}}", "{}"));
    assertEquals(Set.of(Capability.IMAGES), needed("{\"type\":\"file\",\"file\":{}}", "{}"));
  }

  @Test
  void toolsJsonSchemaAndReasoningEffortAreNeedsOfTheirOwn() {
    assertEquals(
        Set.of(Capability.TOOLS, Capability.JSON_SCHEMA, Capability.REASONING),
        needed(
            null,
            "{\"tools\":[],\"reasoning_effort\":\"low\",\"response_format\":"
                + "{\"type\":\"json_schema\",\"json_schema\":{}}}"));
  }
}
