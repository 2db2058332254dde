package com.cogniforge.gateway.providers.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedAnswerTest {

  private static final String TOOLS =
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
          + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}},"
          + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":"
          + "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"},"
          + "\"offset\":{\"type\":\"integer\"}}}}}]";
  private static final String USER = "{\"role\":\"user\",\"content\":\"Weather in Paris today?\"}";

  private static SimulatedAnswer answer(String body) {
    JsonObject json = JsonText.parseObject(body);
    JsonArray messages = json.getJsonArray("messages");
    return SimulatedAnswer.of(json, messages, "Weather in Paris today?\n", 5);
  }

  /** Merges the streamed tool call fragments by index, as a client does. */
  private static Map<Integer, String[]> merged(SimulatedAnswer answer) {
    Map<Integer, String[]> calls = new HashMap<>();
    for (String delta : answer.deltas()) {
      JsonObject object = JsonText.parseObject(delta);
      if (!(object.get("tool_calls") instanceof JsonArray fragments)) {
        continue;
      }
      for (JsonValue value : fragments) {
        JsonObject fragment = value.asJsonObject();
        String[] call =
            calls.computeIfAbsent(fragment.getInt("index"), i -> new String[] {"", "", ""});
        call[0] += fragment.getString("id", "");
        JsonObject function = fragment.getJsonObject("function");
        call[1] += function.getString("name", "");
        call[2] += function.getString("arguments", "");
      }
    }
    return calls;
  }

  @Test
  void withTwoToolsItCallsBothInInterleavedFragments() {
    SimulatedAnswer answer = answer("{" + TOOLS + ",\"messages\":[" + USER + "]}");
    assertEquals("tool_calls", answer.finish());
    Map<Integer, String[]> calls = merged(answer);
    assertEquals(2, calls.size());
    assertEquals("get_weather", calls.get(0)[1]);
    assertEquals("{\"city\":\"Weather in Paris today?\"}", calls.get(0)[2]);
    assertEquals("get_time", calls.get(1)[1]);
    JsonText.parseObject(calls.get(1)[2]); // whole JSON once merged
    assertEquals(answer.toolCalls().get(0).arguments(), calls.get(0)[2]);
    assertTrue(
        answer.deltas().stream()
            .anyMatch(
                d ->
                    d.contains("\"index\":0")
                        && d.contains("\"index\":1")
                        && !d.contains("\"id\"")),
        "one chunk carries fragments of both calls: " + answer.deltas());
    long argumentChunks =
        answer.deltas().stream()
            .filter(d -> !d.contains("\"id\"") && d.contains("\"index\":0"))
            .count();
    assertTrue(argumentChunks >= 2, "arguments come in 2-3 fragments");
  }

  @Test
  void parallelToolCallsFalseMakesOneCall() {
    SimulatedAnswer answer =
        answer("{" + TOOLS + ",\"parallel_tool_calls\":false,\"messages\":[" + USER + "]}");
    assertEquals(1, merged(answer).size());
    assertEquals(1, answer.toolCalls().size());
  }

  @Test
  void afterAToolResultItAnswersTextQuotingIt() {
    String history =
        USER
            + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":"
            + "\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"18 C and sunny\"}";
    SimulatedAnswer answer = answer("{" + TOOLS + ",\"messages\":[" + history + "]}");
    assertEquals(null, answer.finish());
    assertTrue(answer.text().startsWith("The tool returned \"18 C and sunny\". "), answer.text());
    assertTrue(answer.toolCalls().isEmpty());
  }

  @Test
  void reasoningDeltasComeFirstAndImagesAreAcknowledged() {
    SimulatedAnswer answer =
        answer(
            "{\"sim_reasoning_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"https://x/cat.png\"}}]}]}");
    for (int i = 0; i < 3; i++) {
      assertTrue(answer.deltas().get(i).startsWith("{\"reasoning_content\":"));
    }
    assertTrue(answer.deltas().get(3).startsWith("{\"content\":"));
    assertTrue(answer.text().startsWith("I see 1 image. "), answer.text());
    assertEquals(3, answer.reasoning().split(" ").length, answer.reasoning());
    assertEquals(3, answer.reasoningTokens(), "reported as completion_tokens_details");
    assertEquals(answer.deltas().size(), answer.completionTokens(), "reasoning is billed output");
  }

  @Test
  void aJsonSchemaResponseFormatGetsAJsonAnswer() {
    SimulatedAnswer answer =
        answer(
            "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\","
                + "\"schema\":{\"type\":\"object\"}}},\"messages\":["
                + USER
                + "]}");
    assertTrue(JsonText.parseObject(answer.text()).containsKey("answer"), answer.text());
    assertEquals(1, answer.deltas().size());
    assertEquals(5, answer.completionTokens(), "the words inside the one JSON delta count");
    assertEquals(0, answer.reasoningTokens());
  }

  @Test
  void aJsonSchemasPropertiesAreFilledSoThatClientsValidatingItAcceptTheAnswer() {
    SimulatedAnswer answer =
        answer(
            "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"w\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                + "\"degrees\":{\"type\":\"integer\"},\"sunny\":{\"type\":\"boolean\"},"
                + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}}},"
                + "\"messages\":["
                + USER
                + "]}");
    JsonObject json = JsonText.parseObject(answer.text());
    assertEquals(5, json.size(), answer.text());
    assertFalse(json.getString("city").isBlank());
    assertEquals(1, json.getInt("degrees"));
    assertTrue(json.getBoolean("sunny"));
    assertEquals("celsius", json.getString("unit"));
    assertEquals(1, json.getJsonArray("tags").size(), "one item of the items' type");
    assertFalse(json.getJsonArray("tags").getString(0).isBlank());
  }

  @Test
  void nestedObjectsAndArraysOfObjectsAreFilledToo() {
    SimulatedAnswer answer =
        answer(
            "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"t\","
                + "\"schema\":{\"type\":\"object\",\"properties\":{"
                + "\"trip\":{\"type\":\"object\",\"properties\":{\"days\":{\"type\":\"integer\"},"
                + "\"stops\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
                + "\"city\":{\"type\":\"string\"},\"kind\":{\"const\":\"stop\"}}}}}}}}}},"
                + "\"messages\":["
                + USER
                + "]}");
    JsonObject trip = JsonText.parseObject(answer.text()).getJsonObject("trip");
    assertEquals(1, trip.getInt("days"), answer.text());
    JsonObject stop = trip.getJsonArray("stops").getJsonObject(0);
    assertFalse(stop.getString("city").isBlank());
    assertEquals("stop", stop.getString("kind"));
  }
}
