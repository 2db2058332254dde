package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamRequestBodyTest {

  @Test
  void theClientsMessagesAndOptionsPassUnchangedAndTheGatewaySetsWhatItOwns() {
    JsonObject assistant =
        JsonText.parseObject(
            "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}");
    JsonObject tool =
        JsonText.parseObject("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"42\"}");
    JsonObject options =
        JsonText.parseObject(
            "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},"
                + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}},"
                + "\"reasoning_effort\":\"low\",\"seed\":3,\"stop\":[\"\\n\"]}");
    ChatRequest request =
        new ChatRequest(
            "client/model",
            List.of(
                new ChatMessage("user", "hi"),
                new ChatMessage("assistant", "", 5, assistant),
                new ChatMessage("tool", "42", 0, tool)),
            64,
            options);

    JsonObject body = JsonText.parseObject(OpenAiCompatibleWire.body("routed/model", request));

    assertEquals("routed/model", body.getString("model"));
    assertEquals(true, body.getBoolean("stream"));
    assertEquals(64, body.getInt("max_tokens"));
    assertEquals(assistant, body.getJsonArray("messages").get(1));
    assertEquals(tool, body.getJsonArray("messages").get(2));
    for (String option : options.keySet()) {
      assertEquals(options.get(option), body.get(option), option);
    }
    assertFalse(body.containsKey("max_completion_tokens"));
  }

  @Test
  void aCapTheClientSentAsMaxCompletionTokensGoesUpstreamUnderThatName() {
    ChatRequest request =
        new ChatRequest(
                null,
                List.of(new ChatMessage("user", "hi")),
                null,
                JsonText.parseObject("{}"),
                ChatRequest.MAX_COMPLETION_TOKENS)
            .withMaxTokens(300);

    JsonObject body = JsonText.parseObject(OpenAiCompatibleWire.body("openai/o3", request));

    assertEquals(300, body.getInt("max_completion_tokens"));
    assertFalse(body.containsKey("max_tokens"));
  }

  @Test
  void aCapAddedByTheGatewayGoesUpstreamAsMaxTokens() {
    ChatRequest request =
        new ChatRequest(
                null, List.of(new ChatMessage("user", "hi")), null, JsonText.parseObject("{}"))
            .withMaxTokens(1024);

    JsonObject body = JsonText.parseObject(OpenAiCompatibleWire.body("m", request));

    assertEquals(1024, body.getInt("max_tokens"));
    assertFalse(body.containsKey("max_completion_tokens"));
  }
}
