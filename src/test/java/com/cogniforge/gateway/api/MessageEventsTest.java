package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamDelta.ToolCallFragment;
import com.cogniforge.gateway.relay.StreamSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden event sequences: the relay's OpenAI-shaped output in, Anthropic's events out. */
class MessageEventsTest {

  private final List<String> seen = new ArrayList<>();
  private final MessageEvents events =
      new MessageEvents(
          (type, json) -> {
            seen.add(type + " " + json);
            return true;
          });

  private static UpstreamDelta tools(ToolCallFragment... fragments) {
    return new UpstreamDelta("{}", null, null, null, List.of(fragments), null);
  }

  private static StreamSummary summary(
      String finish, int prompt, int completion, int read, int write) {
    return new StreamSummary(finish, prompt, completion, false, 0, 10L, 20, read, 0, write);
  }

  @Test
  void textAnswer() {
    events.start("msg_1", "m", 7);
    events.text("Hel");
    events.text("lo");
    events.finish(summary("stop", 30, 2, 10, 5));
    assertEquals(
        List.of(
            "message_start {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":7,\"cache_creation_input_tokens\":0,"
                + "\"cache_read_input_tokens\":0,\"output_tokens\":0}}}",
            "content_block_start {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}",
            "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"lo\"}}",
            "content_block_stop {\"type\":\"content_block_stop\",\"index\":0}",
            // 30 prompt tokens = 15 uncached + 10 read from the cache + 5 written to it
            "message_delta {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"input_tokens\":15,\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":10,"
                + "\"output_tokens\":2}}",
            "message_stop {\"type\":\"message_stop\"}"),
        seen);
  }

  @Test
  void signedThinkingThenInterleavedParallelToolCalls() {
    events.start("msg_2", "m", 1);
    events.delta(new UpstreamDelta("{}", null, "Hmm", null, List.of(), null));
    events.delta(
        new UpstreamDelta(
            "{\"index\":0,\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\","
                + "\"signature\":\"SIG\",\"format\":\"anthropic-claude-v1\",\"index\":0}]}}",
            null,
            null,
            null,
            List.of(),
            null));
    events.delta(tools(new ToolCallFragment(0, "c0", "function", "a", "")));
    events.delta(tools(new ToolCallFragment(1, "c1", "function", "b", "{\"y\"")));
    events.delta(tools(new ToolCallFragment(0, null, null, null, "{\"x\":1}")));
    events.delta(tools(new ToolCallFragment(1, null, null, null, ":2}")));
    events.finish(summary("tool_calls", 5, 9, 0, 0));
    List<String> types = seen.stream().map(s -> s.substring(0, s.indexOf(' '))).toList();
    assertEquals(
        List.of(
            "message_start",
            "content_block_start", // 0 thinking
            "content_block_delta", // thinking_delta
            "content_block_delta", // signature_delta
            "content_block_stop",
            "content_block_start", // 1 tool a, live
            "content_block_delta", // {"x":1}
            "content_block_stop",
            "content_block_start", // 2 tool b, held back while a streamed
            "content_block_delta", // {"y":2}
            "content_block_stop",
            "message_delta",
            "message_stop"),
        types);
    assertEquals(
        "content_block_delta {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"SIG\"}}",
        seen.get(3));
    assertEquals(
        "content_block_start {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
            + "{\"type\":\"tool_use\",\"id\":\"c0\",\"name\":\"a\",\"input\":{}}}",
        seen.get(5));
    assertEquals(
        "content_block_delta {\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"y\\\":2}\"}}",
        seen.get(9));
    assertEquals(true, seen.get(11).contains("\"stop_reason\":\"tool_use\""));
  }

  @Test
  void nonStreamedMessageFoldsTheSameBlocks() {
    events.start("msg_3", "m", 1);
    events.delta(new UpstreamDelta("{}", null, "Think", null, List.of(), null));
    events.text("Answer");
    events.delta(tools(new ToolCallFragment(0, "c0", "function", "f", "{\"a\":")));
    events.delta(tools(new ToolCallFragment(0, null, null, null, "\"b\"}")));
    assertEquals(
        "{\"id\":\"msg_3\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"served\",\"content\":["
            + "{\"type\":\"thinking\",\"thinking\":\"Think\",\"signature\":\"\"},"
            + "{\"type\":\"text\",\"text\":\"Answer\"},"
            + "{\"type\":\"tool_use\",\"id\":\"c0\",\"name\":\"f\",\"input\":{\"a\":\"b\"}}],"
            + "\"stop_reason\":\"max_tokens\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":4,"
            + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":3}}",
        events.message("served", summary("length", 4, 3, 0, 0)));
  }

  @Test
  void stopWithToolCallsIsToolUseAndFilterIsRefusal() {
    events.start("msg_4", "m", 1);
    assertEquals("end_turn", events.stopReason("stop"));
    assertEquals("refusal", events.stopReason("content_filter"));
    events.delta(tools(new ToolCallFragment(0, "c0", "function", "f", "{}")));
    assertEquals("tool_use", events.stopReason("stop"));
  }
}
