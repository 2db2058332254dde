package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder fed Anthropic's documented event sequences. The streams are those of the official
 * Python SDK's test fixtures (anthropics/anthropic-sdk-python, tests/lib/streaming/fixtures:
 * basic_response.txt, tool_use_response.txt, message_delta_fields_response.txt,
 * refusal_response.txt) and of the extended-thinking streaming example in Anthropic's docs
 * (docs.anthropic.com, build-with-claude/streaming, "Streaming request with extended thinking").
 */
class AnthropicStreamDecoderTest {

  /** What a decoder produced from some events, and whether the last one ended the stream. */
  record Run(List<UpstreamChunk> chunks, boolean ended) {
    String text() {
      StringBuilder text = new StringBuilder();
      chunks.stream().filter(c -> c.text() != null).forEach(c -> text.append(c.text()));
      return text.toString();
    }

    List<UpstreamChunk> usage() {
      return chunks.stream().filter(UpstreamChunk::hasUsage).toList();
    }

    String finish() {
      return chunks.stream()
          .map(UpstreamChunk::finishReason)
          .filter(f -> f != null)
          .reduce((a, b) -> b)
          .orElse(null);
    }

    List<String> choices() {
      return chunks.stream()
          .filter(c -> c.delta() != null)
          .map(c -> c.delta().choiceJson())
          .toList();
    }
  }

  static Run run(String... events) throws UpstreamFailure {
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    List<UpstreamChunk> chunks = new ArrayList<>();
    boolean ended = false;
    for (String event : events) {
      assertFalse(ended, "an event after the end");
      ended = decoder.decode(event, chunks::add);
    }
    return new Run(chunks, ended);
  }

  // basic_response.txt
  static final String[] BASIC = {
    "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK\","
        + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-3-opus-latest\","
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":11,\"output_tokens\":1}}}",
    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
    "{\"type\": \"ping\"}",
    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" there\"}}",
    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"!\"}}",
    "{\"type\":\"content_block_stop\",\"index\":0}",
    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
        + "\"usage\":{\"output_tokens\":6}}",
    "{\"type\":\"message_stop\"}"
  };

  @Test
  void aTextAnswerIsItsTextTheModelOneUsageAndStop() throws UpstreamFailure {
    Run run = run(BASIC);

    assertTrue(run.ended());
    assertEquals("Hello there!", run.text());
    assertEquals("claude-3-opus-latest", run.chunks().get(0).model());
    assertEquals(1, run.usage().size());
    UpstreamChunk usage = run.usage().get(0);
    assertEquals(11, usage.promptTokens());
    assertEquals(6, usage.completionTokens());
    assertEquals("stop", run.finish());
  }

  @Test
  void pingAndBlockStopProduceNothing() throws UpstreamFailure {
    assertEquals(
        List.of(),
        run("{\"type\": \"ping\"}", "{\"type\":\"content_block_stop\",\"index\":0}").chunks());
  }

  @Test
  void aToolUseBlockIsToolCallZeroWithItsIdNameThenArgumentFragments() throws UpstreamFailure {
    // tool_use_response.txt: a text block (index 0), then a tool_use block (index 1)
    Run run =
        run(
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_019Q1hrJbZG26Fb9BQhrkHEr\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-20250514\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":377,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1,"
                + "\"service_tier\":\"standard\"}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"I\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                + "\"id\":\"toolu_01NRLabsLyVHZPKxbKvkfSMn\",\"name\":\"get_weather\","
                + "\"caller\":{\"type\":\"direct\"},\"input\":{}}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"locati\"}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"on\\\": \\\"P\"}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"ar\"}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"is\\\"}\"}}",
            "{\"type\":\"content_block_stop\",\"index\":1}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":65}}",
            "{\"type\":\"message_stop\"}");

    assertEquals(
        List.of(
            "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_01NRLabsLyVHZPKxbKvkfSMn\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},"
                + "\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"locati\"}}]},\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"on\\\": \\\"P\"}}]},\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"ar\"}}]},\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"is\\\"}\"}}]},\"finish_reason\":null}"),
        run.choices());
    StringBuilder arguments = new StringBuilder();
    run.chunks().stream()
        .filter(c -> c.delta() != null)
        .flatMap(c -> c.delta().toolCalls().stream())
        .forEach(f -> arguments.append(f.arguments()));
    assertEquals("{\"location\": \"Paris\"}", arguments.toString());
    assertEquals("I", run.text());
    assertEquals("tool_calls", run.finish());
    assertEquals(377, run.usage().get(0).promptTokens());
  }

  @Test
  void twoToolUseBlocksAreToolCallsZeroAndOne() throws UpstreamFailure {
    Run run =
        run(
            "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"a\",\"name\":\"f\",\"input\":{}}}",
            "{\"type\":\"content_block_start\",\"index\":3,\"content_block\":{\"type\":\"tool_use\",\"id\":\"b\",\"name\":\"g\",\"input\":{}}}",
            "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}");
    List<UpstreamDelta.ToolCallFragment> calls =
        run.chunks().stream().flatMap(c -> c.delta().toolCalls().stream()).toList();
    assertEquals(0, calls.get(0).index());
    assertEquals(1, calls.get(1).index());
    assertEquals(1, calls.get(2).index());
    assertEquals("{}", calls.get(2).arguments());
  }

  @Test
  void thinkingIsReasoningAndItsSignatureASignedReasoningDetail() throws UpstreamFailure {
    Run run =
        run(
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
                + "\"thinking\":\"I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\","
                + "\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"The GCD is 21.\"}}");

    assertEquals(
        List.of(
            "{\"index\":0,\"delta\":{\"reasoning_content\":\"I need to find the GCD of 1071 and 462 using the"
                + " Euclidean algorithm.\",\"reasoning\":\"I need to find the GCD of 1071 and 462 using the"
                + " Euclidean algorithm.\",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"I need"
                + " to find the GCD of 1071 and 462 using the Euclidean algorithm.\","
                + "\"format\":\"anthropic-claude-v1\",\"index\":0}]},\"finish_reason\":null}",
            "{\"index\":0,\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\","
                + "\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\","
                + "\"format\":\"anthropic-claude-v1\",\"index\":0}]},\"finish_reason\":null}"),
        run.choices());
    assertEquals(
        "I need to find the GCD of 1071 and 462 using the Euclidean algorithm.",
        run.chunks().get(0).delta().reasoning());
    assertNull(run.chunks().get(1).delta().reasoning());
    assertEquals("The GCD is 21.", run.text());
    for (String choice : run.choices()) {
      JsonText.parseObject(choice); // every written choice is JSON
    }
  }

  @Test
  void whatTheStreamSaysAboutItsThinkingGoesBackAsTheSameThinkingBlock() throws Exception {
    // Round trip: the reasoning_details a client accumulates from the stream, sent back.
    Run run =
        run(
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Use \"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"the tool.\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}");
    StringBuilder details = new StringBuilder();
    for (String choice : run.choices()) {
      JsonObject delta = JsonText.parseObject(choice).getJsonObject("delta");
      details
          .append(details.isEmpty() ? "" : ",")
          .append(delta.getJsonArray("reasoning_details").get(0));
    }
    JsonObject body =
        AnthropicRequestTest.translate(
            "{'messages':[{'role':'user','content':'x'},{'role':'assistant','content':'ok',"
                + "'reasoning_details':["
                + details.toString().replace('"', '\'')
                + "]}]}",
            4096);
    assertEquals(
        JsonText.parseObject(
            "{\"type\":\"thinking\",\"thinking\":\"Use the tool.\",\"signature\":\"sig\"}"),
        body.getJsonArray("messages").getJsonObject(1).getJsonArray("content").get(0));
  }

  @Test
  void usageCountsUncachedCacheReadAndCacheWriteTokensAsThePromptOnce() throws UpstreamFailure {
    // message_delta_fields_response.txt: the end repeats the input side with newer counts
    Run run =
        run(
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01MessageDeltaFields00000001\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\","
                + "\"stop_reason\":null,\"stop_sequence\":null,\"stop_details\":null,\"usage\":{"
                + "\"input_tokens\":25,\"cache_creation_input_tokens\":10,\"cache_read_input_tokens\":5,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":10,\"ephemeral_1h_input_tokens\":0},"
                + "\"output_tokens\":1,\"service_tier\":\"standard\"}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello there!\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"stop_details\":null,\"container\":{\"id\":\"container_01AbCdEfGh\","
                + "\"expires_at\":\"2025-01-01T00:00:00Z\"}},\"usage\":{\"input_tokens\":40,"
                + "\"cache_creation_input_tokens\":12,\"cache_read_input_tokens\":7,\"output_tokens\":8,"
                + "\"output_tokens_details\":{\"thinking_tokens\":3},"
                + "\"server_tool_use\":{\"web_search_requests\":1,\"web_fetch_requests\":0}}}",
            "{\"type\":\"message_stop\"}");

    assertEquals(1, run.usage().size());
    UpstreamChunk usage = run.usage().get(0);
    assertEquals(40 + 7 + 12, usage.promptTokens());
    assertEquals(7, usage.cachedPromptTokens());
    assertEquals(12, usage.cacheWriteTokens());
    assertEquals(8, usage.completionTokens());
    assertEquals(3, usage.reasoningTokens());
  }

  @Test
  void cacheTokensReportedOnlyAtTheStartStillCount() throws UpstreamFailure {
    Run run =
        run(
            "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-haiku-4-5\",\"usage\":{"
                + "\"input_tokens\":3,\"cache_creation_input_tokens\":2048,\"cache_read_input_tokens\":1024,"
                + "\"output_tokens\":1}}}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":50}}",
            "{\"type\":\"message_stop\"}");
    UpstreamChunk usage = run.usage().get(0);
    assertEquals(3 + 2048 + 1024, usage.promptTokens());
    assertEquals(1024, usage.cachedPromptTokens());
    assertEquals(2048, usage.cacheWriteTokens());
    assertEquals(50, usage.completionTokens());
    assertEquals(-1, usage.reasoningTokens());
    assertEquals("length", run.finish());
  }

  @Test
  void stopReasonsInOpenAiWords() throws UpstreamFailure {
    String[][] cases = {
      {"end_turn", "stop"},
      {"stop_sequence", "stop"},
      {"max_tokens", "length"},
      {"tool_use", "tool_calls"},
      {"refusal", "content_filter"},
      {"pause_turn", "length"},
      {"model_context_window_exceeded", "length"}
    };
    for (String[] c : cases) {
      Run run =
          run(
              "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
                  + c[0]
                  + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":1}}");
      assertEquals(c[1], run.finish(), c[0]);
    }
  }

  @Test
  void aRefusalEndsAsContentFilter() throws UpstreamFailure {
    // refusal_response.txt
    Run run =
        run(
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01RefusalTestMessage123456789\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-opus-4-7\",\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":1}}}",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "{\"type\":\"content_block_stop\",\"index\":0}",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\",\"stop_sequence\":null,"
                + "\"stop_details\":{\"type\":\"refusal\",\"category\":\"cyber\",\"explanation\":\"This request"
                + " was refused due to policy.\"}},\"usage\":{\"output_tokens\":120,"
                + "\"output_tokens_details\":{\"thinking_tokens\":67}}}",
            "{\"type\":\"message_stop\"}");
    assertEquals("content_filter", run.finish());
    assertEquals(120, run.usage().get(0).completionTokens());
    assertEquals(67, run.usage().get(0).reasoningTokens());
  }

  @Test
  void anErrorEventMidStreamFailsWithTheKindOfItsType() throws UpstreamFailure {
    AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
    List<UpstreamChunk> chunks = new ArrayList<>();
    decoder.decode(BASIC[0], chunks::add);
    decoder.decode(BASIC[3], chunks::add);
    UpstreamFailure overloaded =
        assertThrows(
            UpstreamFailure.class,
            () ->
                decoder.decode(
                    "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}",
                    chunks::add));
    assertEquals(UpstreamFailure.Kind.SERVER_ERROR, overloaded.kind());
    assertEquals(529, overloaded.upstreamStatus());
    assertTrue(overloaded.getMessage().contains("overloaded_error: Overloaded"));

    assertEquals(
        UpstreamFailure.Kind.RATE_LIMITED,
        AnthropicStreamDecoder.failure(
                JsonText.parseObject("{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}"))
            .kind());
    assertEquals(
        UpstreamFailure.Kind.SERVER_ERROR,
        AnthropicStreamDecoder.failure(
                JsonText.parseObject("{\"type\":\"api_error\",\"message\":\"oops\"}"))
            .kind());
    UpstreamFailure invalid =
        AnthropicStreamDecoder.failure(
            JsonText.parseObject("{\"type\":\"invalid_request_error\",\"message\":\"bad\"}"));
    assertEquals(UpstreamFailure.Kind.REJECTED_REQUEST, invalid.kind());
    assertFalse(invalid.worthAnotherProvider());
    UpstreamFailure auth =
        AnthropicStreamDecoder.failure(
            JsonText.parseObject(
                "{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key sk-ant-api03-secret\"}"));
    assertEquals(UpstreamFailure.Kind.AUTH_FAILED, auth.kind());
    assertFalse(auth.getMessage().contains("sk-ant"));
  }

  @Test
  void anEventThatIsNotJsonIsMalformed() {
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () -> new AnthropicStreamDecoder().decode("{\"type\":", c -> {}));
    assertEquals(UpstreamFailure.Kind.MALFORMED_CHUNK, failure.kind());
  }

  @Test
  void aWholeMessageFromAServerThatIgnoredStreamIsReadToo() throws UpstreamFailure {
    Run run =
        run(
            "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},{\"type\":\"tool_use\",\"id\":\"t\","
                + "\"name\":\"f\",\"input\":{\"a\":1}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":9,\"output_tokens\":4}}");
    assertTrue(run.ended());
    assertEquals("Hi", run.text());
    assertEquals("tool_calls", run.finish());
    assertEquals(
        "{\"a\":1}",
        run.chunks().stream()
            .filter(c -> c.delta() != null)
            .flatMap(c -> c.delta().toolCalls().stream())
            .map(UpstreamDelta.ToolCallFragment::arguments)
            .reduce("", String::concat));
    assertEquals(9, run.usage().get(0).promptTokens());
  }
}
