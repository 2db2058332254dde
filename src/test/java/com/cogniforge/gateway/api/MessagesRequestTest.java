package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.relay.ChatInput;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessagesRequestTest {

  private static ChatInput parse(String json) {
    return MessagesRequest.parse(json.getBytes(StandardCharsets.UTF_8), Set.of());
  }

  private static ApiError refused(String json) {
    return assertThrows(ApiError.class, () -> parse(json));
  }

  @Test
  void systemBlocksKeepCacheControlAndTextTurnsStayText() {
    ChatInput input =
        parse(
            """
            {"model":"auto","max_tokens":100,"stream":true,
             "system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],
             "messages":[{"role":"user","content":"Hi"}]}""");
    assertTrue(input.stream());
    assertEquals(100, input.request().maxTokens());
    ChatMessage system = input.request().messages().get(0);
    assertEquals(
        "{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"Be brief.\","
            + "\"cache_control\":{\"type\":\"ephemeral\"}}]}",
        system.json().toString());
    assertEquals(
        "{\"role\":\"user\",\"content\":\"Hi\"}",
        input.request().messages().get(1).json().toString());
  }

  @Test
  void toolLoopBecomesToolCallsAndToolMessagesBeforeTheUserText() {
    ChatInput input =
        parse(
            """
            {"model":"openai/gpt-4o-mini","max_tokens":50,
             "tools":[{"name":"get_weather","description":"Weather","input_schema":{"type":"object"}}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "messages":[
              {"role":"user","content":"Weather in Paris?"},
              {"role":"assistant","content":[
                {"type":"thinking","thinking":"Let me look.","signature":"sig1"},
                {"type":"text","text":"Looking."},
                {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_1","content":"sunny","is_error":false},
                {"type":"text","text":"thanks"}]}]}""");
    var messages = input.request().messages();
    assertEquals(4, messages.size());
    assertEquals(
        "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Looking.\"}],"
            + "\"tool_calls\":[{\"id\":\"toolu_1\",\"type\":\"function\",\"function\":"
            + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}],"
            + "\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"Let me look.\","
            + "\"signature\":\"sig1\",\"format\":\"anthropic-claude-v1\",\"index\":0}]}",
        messages.get(1).json().toString());
    assertEquals(
        "{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"sunny\"}",
        messages.get(2).json().toString());
    assertEquals("user", messages.get(3).role());
    assertEquals(
        "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\"},\"description\":\"Weather\"}}]",
        input.request().options().get("tools").toString());
    assertEquals("\"required\"", input.request().options().get("tool_choice").toString());
    assertEquals("false", input.request().options().get("parallel_tool_calls").toString());
  }

  @Test
  void erroredToolResultsSayErrorAndMediaBecomesOpenAiParts() {
    ChatInput input =
        parse(
            """
            {"model":"auto","max_tokens":50,"messages":[
              {"role":"user","content":"go"},
              {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"f","input":{}}]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"t1","content":"boom","is_error":true},
                {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAA"}},
                {"type":"image","source":{"type":"url","url":"https://x/y.png"}},
                {"type":"document","title":"a.pdf","source":{"type":"base64","media_type":"application/pdf","data":"JVBE"}}]}]}""");
    var messages = input.request().messages();
    assertEquals("Error: boom", messages.get(2).json().getString("content"));
    assertEquals(
        "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAA\"}},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/y.png\"}},"
            + "{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/pdf;base64,JVBE\","
            + "\"filename\":\"a.pdf\"}}]",
        messages.get(3).json().get("content").toString());
    assertTrue(messages.get(3).extraTokens() > 0, "media parts are estimated");
  }

  @Test
  void optionsAreTranslatedAndUnknownFieldsPassThrough() {
    ChatInput input =
        parse(
            """
            {"model":"smart","max_tokens":8000,"temperature":0.5,"top_p":0.9,"top_k":40,
             "stop_sequences":["END"],"metadata":{"user_id":"u-1"},
             "thinking":{"type":"enabled","budget_tokens":5000},
             "output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}},
             "messages":[{"role":"user","content":"Hi"}]}""");
    var options = input.request().options();
    assertNull(input.request().model(), "a tier named as the model routes on that tier");
    assertEquals("SMART", input.tier());
    assertEquals("0.5", options.get("temperature").toString());
    assertEquals("40", options.get("top_k").toString());
    assertEquals("[\"END\"]", options.get("stop").toString());
    assertEquals("\"u-1\"", options.get("user").toString());
    assertEquals("\"medium\"", options.get("reasoning_effort").toString());
    assertEquals(5000, input.request().thinkingBudget());
    assertEquals(
        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"output\","
            + "\"schema\":{\"type\":\"object\"},\"strict\":true}}",
        options.get("response_format").toString());
    assertFalse(input.stream());
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    assertEquals(
        "missing_max_tokens",
        refused("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
            .code());
    assertEquals(
        "invalid_max_tokens",
        refused(
                "{\"model\":\"auto\",\"max_tokens\":\"9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
            .code());
    assertEquals(
        "invalid_messages",
        refused("{\"model\":\"auto\",\"max_tokens\":9,\"messages\":[]}").code());
    assertEquals("invalid_json", refused("{\"model\":").code());
    assertEquals(
        "missing_model",
        refused("{\"max_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").code());
    assertEquals(
        "unsupported_tool",
        refused(
                "{\"model\":\"auto\",\"max_tokens\":9,\"tools\":[{\"type\":\"web_search_20250305\","
                    + "\"name\":\"web_search\"}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
            .code());
    assertEquals(
        "invalid_thinking",
        refused(
                "{\"model\":\"auto\",\"max_tokens\":2000,\"thinking\":{\"type\":\"enabled\","
                    + "\"budget_tokens\":4000},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
            .code());
    assertEquals(
        "invalid_stop",
        refused(
                "{\"model\":\"auto\",\"max_tokens\":9,\"stop\":\"x\","
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
            .code());
    assertEquals(
        "invalid_messages",
        refused(
                "{\"model\":\"auto\",\"max_tokens\":9,\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}")
            .code());
  }

  @Test
  void countTokensNeedsNoMaxTokensAndCountsTools() {
    int plain =
        MessagesRequest.countTokens(
            "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}"
                .getBytes(StandardCharsets.UTF_8));
    int withTools =
        MessagesRequest.countTokens(
            ("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}],"
                    + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}]}")
                .getBytes(StandardCharsets.UTF_8));
    assertTrue(plain > 0);
    assertTrue(withTools > plain);
  }

  @Test
  void anthropicErrorShapeMapsStatuses() {
    ApiError overloaded = new ApiError(503, "no_provider", "none");
    assertEquals(529, overloaded.anthropicStatus());
    assertEquals(
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
            + "\"no_provider: none\"},\"request_id\":\"req_1\"}",
        overloaded.toAnthropicJson("req_1"));
    assertEquals("not_found_error", new ApiError(404, "model_not_found", "x").anthropicType());
    assertEquals("rate_limit_error", new ApiError(429, "budget_exhausted", "x").anthropicType());
    assertEquals("authentication_error", new ApiError(401, "invalid_api_key", "x").anthropicType());
    assertEquals("permission_error", new ApiError(403, "model_not_allowed", "x").anthropicType());
    assertEquals("api_error", new ApiError(502, "upstream_error", "x").anthropicType());
    assertEquals("timeout_error", new ApiError(504, "upstream_timeout", "x").anthropicType());
    assertEquals("request_too_large", new ApiError(413, "request_too_large", "x").anthropicType());
    assertEquals("invalid_request_error", new ApiError(400, "invalid_json", "x").anthropicType());
  }
}
