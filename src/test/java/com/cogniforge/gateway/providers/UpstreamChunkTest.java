package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UpstreamChunkTest {

  @Test
  void readsDeltaContentAndFinishReason() throws Exception {
    UpstreamChunk chunk =
        UpstreamChunk.decode(
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"مرحبا\\n\"},\"finish_reason\":\"stop\"}]}");
    assertEquals("مرحبا\n", chunk.text());
    assertEquals("stop", chunk.finishReason());
    assertFalse(chunk.hasUsage());
  }

  @Test
  void readsUsageOfFinalChunkWithNoChoices() throws Exception {
    UpstreamChunk chunk =
        UpstreamChunk.decode(
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34}}");
    assertNull(chunk.text());
    assertTrue(chunk.hasUsage());
    assertEquals(12, chunk.promptTokens());
    assertEquals(34, chunk.completionTokens());
    assertEquals(-1, chunk.cachedPromptTokens());
    assertEquals(-1, chunk.reasoningTokens());
  }

  @Test
  void theModelIsReadOnlyWhenAskedFor() throws Exception {
    String json =
        "{\"id\":\"c\",\"model\":\"gpt-4o-mini-2024-07-18\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}";
    assertEquals("gpt-4o-mini-2024-07-18", UpstreamChunk.decode(json, true).model());
    assertEquals("hi", UpstreamChunk.decode(json, true).text());
    assertNull(UpstreamChunk.decode(json).model(), "the plain token path does without it");
    assertNull(UpstreamChunk.decode("{\"model\":null,\"choices\":[]}", true).model());
  }

  @Test
  void readsCachedPromptAndReasoningTokensFromTheUsageDetails() throws Exception {
    UpstreamChunk chunk =
        UpstreamChunk.decode(
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":1200,"
                + "\"prompt_tokens_details\":{\"audio_tokens\":0,\"cached_tokens\":1024},"
                + "\"completion_tokens\":300,\"completion_tokens_details\":"
                + "{\"reasoning_tokens\":256,\"accepted_prediction_tokens\":[1]},"
                + "\"total_tokens\":1500}}");
    assertEquals(1200, chunk.promptTokens());
    assertEquals(300, chunk.completionTokens());
    assertEquals(1024, chunk.cachedPromptTokens());
    assertEquals(256, chunk.reasoningTokens());
  }

  @Test
  void roleOnlyDeltaAndNullContentCarryNoText() throws Exception {
    assertNull(
        UpstreamChunk.decode(
                "{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":null}}]}")
            .text());
  }

  @Test
  void readsWholeCompletionMessage() throws Exception {
    UpstreamChunk chunk =
        UpstreamChunk.decode(
            "{\"choices\":[{\"message\":{\"content\":\"hi\"},\"finish_reason\":\"length\"}]}");
    assertEquals("hi", chunk.text());
    assertEquals("length", chunk.finishReason());
  }

  @Test
  void readsMidStreamErrorObject() throws Exception {
    assertEquals(
        "overloaded",
        UpstreamChunk.decode("{\"error\":{\"message\":\"overloaded\",\"code\":502}}").error());
  }

  @Test
  void skipsFieldsItDoesNotRelayAndReadsOnlyTheFirstChoice() throws Exception {
    UpstreamChunk chunk =
        UpstreamChunk.decode(
            "{\"id\":\"c1\",\"system_fingerprint\":null,\"choices\":[{\"logprobs\":{\"content\":"
                + "[{\"token\":\"a\",\"top\":[1,2]}]},\"delta\":{\"tool_calls\":[{\"id\":\"t\"}],"
                + "\"content\":\"first\"},\"finish_reason\":null},{\"delta\":{\"content\":\"second\"}}],"
                + "\"usage\":null,\"x\":[{\"choices\":[]}]}");
    assertEquals("first", chunk.text());
    assertNull(chunk.finishReason());
    assertFalse(chunk.hasUsage());
    assertNull(chunk.error());
  }

  @Test
  void deltaWinsOverMessageInEitherOrderAndErrorsMayBeText() throws Exception {
    assertNull(
        UpstreamChunk.decode(
                "{\"choices\":[{\"message\":{\"content\":\"m\"},\"delta\":{\"role\":\"x\"}}]}")
            .text());
    assertEquals("down", UpstreamChunk.decode("{\"error\":\"down\"}").error());
    assertEquals(
        "provider reported an error", UpstreamChunk.decode("{\"error\":{\"code\":1}}").error());
    assertNull(UpstreamChunk.decode("{\"error\":null,\"choices\":[]}").error());
  }

  @Test
  void malformedJsonIsAMalformedChunkFailure() {
    UpstreamFailure failure =
        assertThrows(UpstreamFailure.class, () -> UpstreamChunk.decode("{\"choices\": [ oops"));
    assertEquals(UpstreamFailure.Kind.MALFORMED_CHUNK, failure.kind());
    assertThrows(UpstreamFailure.class, () -> UpstreamChunk.decode("[1,2]"));
    assertThrows(UpstreamFailure.class, () -> UpstreamChunk.decode("{} {}"));
    assertThrows(UpstreamFailure.class, () -> UpstreamChunk.decode(""));
  }

  @Test
  void statusCodesMapToClientFacingKinds() {
    assertEquals(UpstreamFailure.Kind.RATE_LIMITED, UpstreamFailure.fromStatus(429, "", 5L).kind());
    assertEquals(429, UpstreamFailure.fromStatus(429, "", 5L).clientStatus());
    assertEquals(5L, UpstreamFailure.fromStatus(429, "", 5L).retryAfterSeconds());
    assertEquals(502, UpstreamFailure.fromStatus(500, "boom", null).clientStatus());
    assertEquals(502, UpstreamFailure.fromStatus(401, "", null).clientStatus());
    assertEquals(400, UpstreamFailure.fromStatus(400, "", null).clientStatus());
  }

  @Test
  void providerErrorBodiesAreSummarisedToOneLine() {
    assertEquals("bad key", ProviderErrors.summarize("{\"error\":{\"message\":\"bad key\"}}"));
    assertEquals("plain text error", ProviderErrors.summarize("plain\ntext\terror"));
    assertEquals(303, ProviderErrors.summarize("x".repeat(5000)).length());
  }

  @Test
  void theFirstChunksOwnTopLevelFieldsAreKeptAsWrittenAndLaterChunksSkipThem() throws Exception {
    String json =
        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_0ba\","
            + "\"provider\":{\"name\":\"x\"},\"choices\":[{\"index\":0,\"delta\":"
            + "{\"content\":\"hi\"},\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"zz\"}";
    UpstreamChunk first = UpstreamChunk.decode(json, true);
    assertEquals(
        "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_0ba\",\"provider\":{\"name\":\"x\"}",
        first.providerFields());
    assertEquals("hi", first.text());
    assertNull(UpstreamChunk.decode(json, false).providerFields());
  }
}
