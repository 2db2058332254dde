package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a provider writes in a chunk's choice reaches the client's chunk unchanged. */
class ChunkFidelityTest {

  /** One choice with every field a provider may stream (two tool calls interleaved). */
  static final String EVERY_FIELD_CHOICE =
      "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Let me check. \","
          + "\"reasoning_content\":\"The user wants \\u00e9 weather\",\"reasoning\":\"; two cities\","
          + "\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"x\",\"signature\":null}],"
          + "\"refusal\":\"\","
          + "\"annotations\":[{\"type\":\"url_citation\",\"url_citation\":{\"url\":\"https://x\","
          + "\"start_index\":0,\"end_index\":3}}],"
          + "\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\","
          + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"ci\"}},"
          + "{\"index\":1,\"id\":\"call_b\",\"type\":\"function\","
          + "\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}},"
          + "{\"index\":0,\"function\":{\"arguments\":\"ty\\\":\\\"Paris\\\"}\"}}]},"
          + "\"logprobs\":{\"content\":[{\"token\":\"Let\",\"logprob\":-0.1,\"bytes\":[76,101,116],"
          + "\"top_logprobs\":[]}],\"refusal\":null},"
          + "\"finish_reason\":\"tool_calls\",\"native_finish_reason\":\"tool_calls\"}";

  static final String EVERY_FIELD_CHUNK =
      "{\"id\":\"gen-upstream-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
          + "\"model\":\"provider/model-x\",\"system_fingerprint\":\"fp_1\",\"choices\":["
          + EVERY_FIELD_CHOICE
          + "]}";

  @Test
  void everyFieldOfAChoiceReachesTheClientByteForByteExceptIdAndModel() throws Exception {
    UpstreamChunk chunk = UpstreamChunk.decode(EVERY_FIELD_CHUNK);
    UpstreamDelta delta = chunk.delta();
    assertEquals(EVERY_FIELD_CHOICE, delta.choiceJson());

    String written = OpenAiWire.deltaChunk("chatcmpl-req_1", 1732450000L, "routed/model", delta);

    assertEquals(
        "{\"id\":\"chatcmpl-req_1\",\"object\":\"chat.completion.chunk\",\"created\":1732450000,"
            + "\"model\":\"routed/model\",\"choices\":["
            + EVERY_FIELD_CHOICE
            + "]}",
        written);
    JsonObject parsed = JsonText.parseObject(written); // still valid JSON
    assertEquals(JsonText.parseObject(EVERY_FIELD_CHOICE), parsed.getJsonArray("choices").get(0));
  }

  @Test
  void whatTheGatewayReadsFromARichChoice() throws Exception {
    UpstreamDelta delta = UpstreamChunk.decode(EVERY_FIELD_CHUNK).delta();
    assertEquals("Let me check. ", delta.text());
    assertEquals("The user wants \u00e9 weather; two cities", delta.reasoning());
    assertEquals("", delta.refusal());
    assertEquals("tool_calls", delta.finishReason());
    assertEquals(
        List.of(
            new UpstreamDelta.ToolCallFragment(0, "call_a", "function", "get_weather", "{\"ci"),
            new UpstreamDelta.ToolCallFragment(1, "call_b", "function", "get_time", ""),
            new UpstreamDelta.ToolCallFragment(0, null, null, null, "ty\":\"Paris\"}")),
        delta.toolCalls());
    assertEquals(delta, UpstreamChunk.decodeChoice(delta.choiceJson()), "a cached choice decodes");
  }

  @Test
  void plainTextChunksStayOnTheLightPath() throws Exception {
    UpstreamChunk plain =
        UpstreamChunk.decode(
            "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"hi\",\"refusal\":null,\"tool_calls\":null},\"logprobs\":null,"
                + "\"finish_reason\":null}]}");
    assertEquals("hi", plain.text());
    assertNull(plain.delta());
  }

  @Test
  void aWholeCompletionWithToolCallsBecomesADelta() throws Exception {
    UpstreamChunk whole =
        UpstreamChunk.decode(
            "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}");
    assertNull(whole.delta().choiceJson());
    JsonObject written = JsonText.parseObject(OpenAiWire.deltaChunk("c", 1, "m", whole.delta()));
    JsonObject call =
        written
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("delta")
            .getJsonArray("tool_calls")
            .getJsonObject(0);
    assertEquals(0, call.getInt("index"));
    assertEquals("call_1", call.getString("id"));
    assertEquals("f", call.getJsonObject("function").getString("name"));
    assertEquals("{}", call.getJsonObject("function").getString("arguments"));
  }

  @Test
  void theRawChoiceIsFoundInPrettyPrintedChunksAndBesideNestedChoicesKeys() throws Exception {
    String choice = "{\"index\":0,\"delta\":{\"reasoning\":\"a \\\"}{\\\" b\"}}";
    String chunk =
        "{\n  \"x\": {\"choices\": [{\"a\": 1}]},\n  \"note\": \"\\\"choices\\\": [{\",\n"
            + "  \"choices\" : [ "
            + choice
            + " ]\n}";
    assertEquals(choice, UpstreamChunk.decode(chunk).delta().choiceJson());
  }
}
