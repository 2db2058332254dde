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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gemini stream events read as OpenAI chunks. The events are real ones recorded by the official
 * SDK's tests (googleapis/js-genai, test/system/recordings/*.json, response bodySegments), cut
 * short where they are long; the cache and tool-use counts follow the UsageMetadata reference
 * (ai.google.dev/api/generate-content#UsageMetadata).
 */
class GeminiStreamDecoderTest {

  /**
   * Client_Tests_generateContentStream_ML_Dev_should_stream_generate_content_with_system_instruction.
   */
  private static final String TEXT_1 =
      "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"low!\\n\\nThe sky is blue\"}],"
          + " \"role\": \"model\"}, \"index\": 0}], \"modelVersion\": \"gemini-2.5-flash\","
          + " \"responseId\": \"tS77aIl-4ZvV7w_A9rTBBg\", \"usageMetadata\": {\"candidatesTokenCount\":"
          + " 50, \"promptTokenCount\": 20, \"promptTokensDetails\": [{\"modality\": \"TEXT\","
          + " \"tokenCount\": 20}], \"thoughtsTokenCount\": 260, \"totalTokenCount\": 330}}";

  private static final String TEXT_LAST =
      "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" rather than violet.\"}], \"role\":"
          + " \"model\"}, \"finishReason\": \"STOP\", \"index\": 0}], \"modelVersion\":"
          + " \"gemini-2.5-flash\", \"responseId\": \"tS77aIl-4ZvV7w_A9rTBBg\", \"usageMetadata\":"
          + " {\"candidatesTokenCount\": 253, \"promptTokenCount\": 20, \"promptTokensDetails\":"
          + " [{\"modality\": \"TEXT\", \"tokenCount\": 20}], \"thoughtsTokenCount\": 260,"
          + " \"totalTokenCount\": 533}}";

  /** AFC_Streaming_Tests_..._Google_AI_can_continue_after_max_calls_exceeded (signature cut). */
  private static final String FUNCTION_CALL =
      "{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"args\": {\"denominator\":"
          + " 2, \"numerator\": 42}, \"name\": \"customDivide\"}, \"thoughtSignature\":"
          + " \"Ci0BVKhc7nIrgrUl8wn5\"}], \"role\": \"model\"}, \"finishMessage\": \"Model generated"
          + " function call(s).\", \"finishReason\": \"STOP\", \"index\": 0}], \"modelVersion\":"
          + " \"gemini-2.5-flash\", \"responseId\": \"ctSfaIzLC43Qz7IPzsvdkAg\", \"usageMetadata\":"
          + " {\"candidatesTokenCount\": 20, \"promptTokenCount\": 293, \"promptTokensDetails\":"
          + " [{\"modality\": \"TEXT\", \"tokenCount\": 293}], \"thoughtsTokenCount\": 110,"
          + " \"totalTokenCount\": 423}}";

  /** Client_Tests_test_thinking_generate_content_should_return_thought_field (text cut). */
  private static final String THOUGHT_AT_CAP =
      "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"**Breaking Down the Sum of Natural"
          + " Numbers**\\n\\nOkay\", \"thought\": true}], \"role\": \"model\"}, \"finishReason\":"
          + " \"MAX_TOKENS\", \"index\": 0}], \"modelVersion\": \"gemini-2.0-flash-thinking-exp-01-21\","
          + " \"usageMetadata\": {\"promptTokenCount\": 17, \"promptTokensDetails\": [{\"modality\":"
          + " \"TEXT\", \"tokenCount\": 17}], \"thoughtsTokenCount\": 19, \"totalTokenCount\": 36}}";

  @Test
  void textStreamsAsTokensWithTheModelOnceAndTheFinalUsageOnceAfterTheFinish() throws Exception {
    List<UpstreamChunk> chunks = decode(TEXT_1, TEXT_LAST);

    assertEquals(List.of("gemini-2.5-flash"), models(chunks));
    assertEquals("low!\n\nThe sky is blue rather than violet.", text(chunks));
    List<UpstreamChunk> usage = chunks.stream().filter(UpstreamChunk::hasUsage).toList();
    assertEquals(1, usage.size(), "Gemini repeats usage in every event; it is relayed once");
    // Thoughts are billed as output: 253 candidates + 260 thoughts.
    assertUsage(usage.get(0), 20, 513, 0, 260);
    assertEquals("stop", chunks.get(chunks.size() - 2).finishReason(), "finish, then usage");
  }

  @Test
  void aFunctionCallIsOneOpenAiToolCallWithItsSignatureInTheIdAndFinishesAsToolCalls()
      throws Exception {
    List<UpstreamChunk> chunks = decode(FUNCTION_CALL);

    List<UpstreamDelta> deltas =
        chunks.stream().map(UpstreamChunk::delta).filter(d -> d != null).toList();
    assertEquals(2, deltas.size());
    JsonObject start = JsonText.parseObject(deltas.get(0).choiceJson());
    JsonObject call = start.getJsonObject("delta").getJsonArray("tool_calls").getJsonObject(0);
    assertEquals(0, call.getInt("index"));
    assertEquals("function", call.getString("type"));
    assertEquals("customDivide", call.getJsonObject("function").getString("name"));
    assertEquals("", call.getJsonObject("function").getString("arguments"));
    String id = call.getString("id");
    assertTrue(id.matches("call_[0-9a-f]+__thought__Ci0BVKhc7nIrgrUl8wn5"), id);
    assertEquals(
        JsonText.parseObject("{\"denominator\":2,\"numerator\":42}"),
        JsonText.parseObject(deltas.get(1).toolCalls().get(0).arguments()));
    assertEquals("tool_calls", finish(chunks));
    assertUsage(chunks.get(chunks.size() - 1), 293, 130, 0, 110);
  }

  @Test
  void parallelCallsCountFromZeroAndKeepGeminisOwnIds() throws Exception {
    List<UpstreamChunk> chunks =
        decode(
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":["
                + "{\"functionCall\":{\"id\":\"fc-a\",\"name\":\"f\",\"args\":{}}},"
                + "{\"functionCall\":{\"id\":\"fc-b\",\"name\":\"g\"}}]},\"finishReason\":\"STOP\"}]}");

    List<UpstreamDelta.ToolCallFragment> starts =
        chunks.stream()
            .map(UpstreamChunk::delta)
            .filter(d -> d != null && d.toolCalls().get(0).id() != null)
            .map(d -> d.toolCalls().get(0))
            .toList();
    assertEquals(List.of(0, 1), starts.stream().map(f -> f.index()).toList());
    assertEquals(List.of("fc-a", "fc-b"), starts.stream().map(f -> f.id()).toList());
  }

  @Test
  void thoughtsStreamAsReasoningAndMaxTokensIsLength() throws Exception {
    List<UpstreamChunk> chunks = decode(THOUGHT_AT_CAP);

    UpstreamDelta reasoning = chunks.get(1).delta();
    assertTrue(reasoning.reasoning().startsWith("**Breaking Down"));
    assertNull(reasoning.text());
    assertTrue(reasoning.choiceJson().contains("\"reasoning_content\":"));
    assertEquals("", text(chunks), "a thought is never answer text");
    assertEquals("length", finish(chunks));
    assertUsage(chunks.get(chunks.size() - 1), 17, 19, 0, 19);
  }

  @Test
  void cachedAndToolUsePromptTokensAreCountedAndTheLastUsageWins() throws Exception {
    List<UpstreamChunk> chunks =
        decode(
            "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":2100,"
                + "\"cachedContentTokenCount\":2048,\"candidatesTokenCount\":1,"
                + "\"totalTokenCount\":2101}}",
            // A late report after the finish (Gemini may still count tool-use prompt tokens).
            "{\"usageMetadata\":{\"promptTokenCount\":2100,\"cachedContentTokenCount\":2048,"
                + "\"toolUsePromptTokenCount\":234,\"candidatesTokenCount\":3,"
                + "\"thoughtsTokenCount\":40,\"totalTokenCount\":2377}}");

    List<UpstreamChunk> usage = chunks.stream().filter(UpstreamChunk::hasUsage).toList();
    assertEquals(2, usage.size());
    assertUsage(usage.get(0), 2100, 1, 2048, 0);
    assertUsage(usage.get(1), 2334, 43, 2048, 40);
    assertEquals(-1, usage.get(1).cacheWriteTokens(), "Gemini bills no cache writes per call");
  }

  @ParameterizedTest
  @CsvSource({
    "SAFETY,content_filter",
    "RECITATION,content_filter",
    "BLOCKLIST,content_filter",
    "PROHIBITED_CONTENT,content_filter",
    "SPII,content_filter",
    "MAX_TOKENS,length",
    "STOP,stop",
    "OTHER,stop"
  })
  void finishReasonsInOpenAiWords(String gemini, String openAi) throws Exception {
    List<UpstreamChunk> chunks =
        decode(
            "{\"candidates\":[{\"content\":{\"parts\":[],\"role\":\"model\"},\"finishReason\":\""
                + gemini
                + "\",\"index\":0}]}");
    assertEquals(openAi, finish(chunks));
  }

  @Test
  void aMalformedFunctionCallFailsTheStreamInsteadOfPassingForAnEnd() {
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () ->
                decode(
                    "{\"candidates\":[{\"finishReason\":\"MALFORMED_FUNCTION_CALL\","
                        + "\"finishMessage\":\"Malformed function call: print(default_api.f(\"}]}"));
    assertEquals(UpstreamFailure.Kind.STREAM_ERROR, failure.kind());
    assertTrue(failure.getMessage().contains("MALFORMED_FUNCTION_CALL"), failure.getMessage());
  }

  @Test
  void aBlockedPromptEndsAsContentFilterWithItsUsage() throws Exception {
    List<UpstreamChunk> chunks =
        decode(
            "{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"usageMetadata\":"
                + "{\"promptTokenCount\":12,\"totalTokenCount\":12},\"modelVersion\":\"gemini-2.5-flash\"}");

    assertEquals("content_filter", finish(chunks));
    assertUsage(chunks.get(chunks.size() - 1), 12, 0, 0, 0);
  }

  @Test
  void anErrorObjectMidStreamFailsWithItsMessageAndNoKey() throws Exception {
    GeminiStreamDecoder decoder = new GeminiStreamDecoder();
    assertFalse(decoder.decode(TEXT_1, chunk -> {}));
    UpstreamFailure failure =
        assertThrows(
            UpstreamFailure.class,
            () ->
                decoder.decode(
                    "{\"error\":{\"code\":500,\"message\":\"An internal error has occurred for"
                        + " key AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW\",\"status\":\"INTERNAL\"}}",
                    chunk -> {}));
    assertEquals(UpstreamFailure.Kind.STREAM_ERROR, failure.kind());
    assertTrue(failure.getMessage().contains("An internal error has occurred"));
    assertFalse(failure.getMessage().contains("AIzaSy"), failure.getMessage());
  }

  @Test
  void aKeepAliveEventWithoutCandidatesRelaysNothingAndNeverEndsTheStream() throws Exception {
    List<UpstreamChunk> out = new ArrayList<>();
    GeminiStreamDecoder decoder = new GeminiStreamDecoder();
    // Gemini sends no pings; an event with only metadata (usage before any part) is the nearest.
    assertFalse(
        decoder.decode(
            "{\"usageMetadata\":{\"promptTokenCount\":5},\"modelVersion\":\"gemini-2.5-flash\"}",
            out::add));
    assertEquals(1, out.size());
    assertEquals("gemini-2.5-flash", out.get(0).model());
    assertFalse(out.get(0).hasUsage(), "usage waits for the finish");
  }

  @Test
  void aWholeJsonArrayAnswerIsReadLikeItsEvents() throws Exception {
    List<UpstreamChunk> chunks = decode("[" + TEXT_1 + "," + TEXT_LAST + "]");
    assertEquals("low!\n\nThe sky is blue rather than violet.", text(chunks));
    assertEquals("stop", finish(chunks));
  }

  @Test
  void somethingOtherThanJsonIsMalformed() {
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> decode("{\"candidates\": [ oops"));
    assertEquals(UpstreamFailure.Kind.MALFORMED_CHUNK, failure.kind());
  }

  private static List<UpstreamChunk> decode(String... events) throws UpstreamFailure {
    GeminiStreamDecoder decoder = new GeminiStreamDecoder();
    List<UpstreamChunk> out = new ArrayList<>();
    for (String event : events) {
      assertFalse(decoder.decode(event, out::add), "Gemini has no end event");
    }
    return out;
  }

  private static List<String> models(List<UpstreamChunk> chunks) {
    return chunks.stream().map(UpstreamChunk::model).filter(m -> m != null).toList();
  }

  private static String text(List<UpstreamChunk> chunks) {
    return chunks.stream()
        .filter(c -> c.delta() == null)
        .map(UpstreamChunk::text)
        .filter(t -> t != null)
        .collect(Collectors.joining());
  }

  private static String finish(List<UpstreamChunk> chunks) {
    List<String> reasons =
        chunks.stream().map(UpstreamChunk::finishReason).filter(r -> r != null).toList();
    assertEquals(1, reasons.size(), "one finish reason");
    return reasons.get(0);
  }

  private static void assertUsage(
      UpstreamChunk chunk, int prompt, int completion, int cached, int reasoning) {
    assertEquals(prompt, chunk.promptTokens(), "prompt");
    assertEquals(completion, chunk.completionTokens(), "completion");
    assertEquals(cached, chunk.cachedPromptTokens(), "cached");
    assertEquals(reasoning, chunk.reasoningTokens(), "reasoning");
  }
}
