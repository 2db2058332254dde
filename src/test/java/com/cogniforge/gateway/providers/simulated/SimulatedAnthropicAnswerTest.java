package com.cogniforge.gateway.providers.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedAnthropicAnswerTest {

  private static List<JsonObject> events(SimulatedAnthropicAnswer answer) {
    List<JsonObject> events = new ArrayList<>();
    for (String line : String.join("", answer.frames()).split("\n")) {
      if (line.startsWith("data: ")) {
        events.add(JsonText.parseObject(line.substring(6)));
      }
    }
    return events;
  }

  private static SimulatedAnthropicAnswer answer(String body, String error, int errorAfter) {
    JsonObject json = JsonText.parseObject(body.replace('\'', '"'));
    return SimulatedAnthropicAnswer.of(
        json,
        SimulatedAnthropicAnswer.promptText(json),
        5,
        64,
        new int[] {10, 20, 30},
        error,
        errorAfter);
  }

  @Test
  void aTextAnswerIsAFullAnthropicStreamWithCacheUsage() {
    List<JsonObject> events =
        events(answer("{'model':'m','messages':[{'role':'user','content':'hello'}]}", null, -1));
    List<String> types = events.stream().map(e -> e.getString("type")).toList();
    assertEquals("message_start", types.get(0));
    assertEquals("message_stop", types.get(types.size() - 1));
    assertEquals(5, types.stream().filter("content_block_delta"::equals).count());
    JsonObject usage = events.get(0).getJsonObject("message").getJsonObject("usage");
    assertEquals(20, usage.getInt("cache_creation_input_tokens"));
    assertEquals(30, usage.getInt("cache_read_input_tokens"));
    assertEquals(
        "end_turn", events.get(events.size() - 2).getJsonObject("delta").getString("stop_reason"));
  }

  @Test
  void offeredToolsAreCalledWithStreamedInputAndThinkingIsSigned() {
    List<JsonObject> events =
        events(
            answer(
                "{'model':'m','thinking':{'type':'enabled','budget_tokens':1024},"
                    + "'messages':[{'role':'user','content':'weather in Paris'}],"
                    + "'tools':[{'name':'w','input_schema':{'type':'object','properties':{'city':{'type':'string'}}}}]}",
                null,
                -1));
    String all = events.toString();
    assertTrue(all.contains("\"signature_delta\""), all);
    assertTrue(all.contains("\"tool_use\""), all);
    StringBuilder input = new StringBuilder();
    events.stream()
        .filter(e -> e.getString("type").equals("content_block_delta"))
        .map(e -> e.getJsonObject("delta"))
        .filter(d -> d.getString("type").equals("input_json_delta"))
        .forEach(d -> input.append(d.getString("partial_json")));
    assertEquals("{\"city\":\"weather in Paris\"}", input.toString());
    assertEquals(
        "tool_use", events.get(events.size() - 2).getJsonObject("delta").getString("stop_reason"));
  }

  @Test
  void simErrorAfterTokensBreaksTheStreamWithAnErrorEvent() {
    List<JsonObject> events =
        events(
            answer(
                "{'model':'m','messages':[{'role':'user','content':'hello'}]}",
                "overloaded_error",
                2));
    JsonObject last = events.get(events.size() - 1);
    assertEquals("error", last.getString("type"));
    assertEquals("overloaded_error", last.getJsonObject("error").getString("type"));
    assertEquals(
        2, events.stream().filter(e -> e.getString("type").equals("content_block_delta")).count());
  }
}
