package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamDelta.ToolCallFragment;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssembledMessageTest {

  private static UpstreamDelta calls(ToolCallFragment... fragments) {
    return new UpstreamDelta("{}", null, null, null, List.of(fragments), null);
  }

  @Test
  void interleavedToolCallFragmentsAreMergedByIndex() {
    AssembledMessage message = new AssembledMessage();
    message.delta(new UpstreamDelta("{}", null, "think ", null, List.of(), null));
    message.delta(new UpstreamDelta("{}", null, "harder", null, List.of(), null));
    message.delta(
        calls(
            new ToolCallFragment(0, "call_a", "function", "get_weather", "{\"ci"),
            new ToolCallFragment(1, "call_b", "function", "get_time", "")));
    message.delta(calls(new ToolCallFragment(1, null, null, null, "{\"tz\":\"UTC\"}")));
    message.delta(calls(new ToolCallFragment(0, null, null, null, "ty\":\"Paris\"}")));

    JsonObject completion =
        JsonText.parseObject(
            message.completion("chatcmpl-1", 1, "m/a", "tool_calls", 5, 7, 0, 0, Double.NaN));
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertEquals("tool_calls", choice.getString("finish_reason"));
    JsonObject assistant = choice.getJsonObject("message");
    assertEquals(JsonValue.NULL, assistant.get("content"));
    assertEquals("think harder", assistant.getString("reasoning_content"));
    JsonArray toolCalls = assistant.getJsonArray("tool_calls");
    assertEquals(2, toolCalls.size());
    assertEquals(
        JsonText.parseObject(
            "{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}"),
        toolCalls.getJsonObject(0));
    assertEquals(
        "{\"tz\":\"UTC\"}",
        toolCalls.getJsonObject(1).getJsonObject("function").getString("arguments"));
    assertEquals(12, completion.getJsonObject("usage").getInt("total_tokens"));
  }

  @Test
  void textAndRefusalWithoutToolCalls() {
    AssembledMessage message = new AssembledMessage();
    message.text("I can");
    message.delta(new UpstreamDelta("{}", "not", null, "I can't help with that.", List.of(), null));
    JsonObject assistant =
        JsonText.parseObject(message.completion("c", 1, "m", "stop", 1, 1, 0, 0, Double.NaN))
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message");
    assertEquals("I cannot", assistant.getString("content"));
    assertEquals("I can't help with that.", assistant.getString("refusal"));
    assertFalse(assistant.containsKey("tool_calls"));
  }
}
