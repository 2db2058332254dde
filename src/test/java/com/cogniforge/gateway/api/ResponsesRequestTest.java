package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.relay.ChatInput;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponsesRequestTest {

  private static ResponsesRequest parse(String json) {
    return ResponsesRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject chat(String json) {
    return parse(json).chatBody(List.of());
  }

  private static ApiError refused(String json) {
    // As the servlet does: parse, then translate (which runs the Chat Completions checks).
    return assertThrows(ApiError.class, () -> parse(json).chatInput(List.of(), Set.of()));
  }

  @Test
  void aStringInputBecomesOneUserMessageAfterTheInstructions() {
    JsonObject chat =
        chat("{\"model\":\"m\",\"instructions\":\"Be brief.\",\"input\":\"Hello, مرحبا\"}");
    assertEquals(
        "[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Hello, مرحبا\"}]",
        JsonText.write(chat.getJsonArray("messages")));
    assertEquals("m", chat.getString("model"));
  }

  @Test
  void itemsBecomeChatTurnsWithToolCallsJoinedToTheirAssistantMessage() {
    JsonObject chat =
        chat(
            """
            {"input":[
              {"role":"developer","content":"dev"},
              {"type":"message","role":"user","content":[
                {"type":"input_text","text":"look"},
                {"type":"input_image","image_url":"data:image/png;base64,AAAA","detail":"low"},
                {"type":"input_file","file_data":"data:application/pdf;base64,AA","filename":"a.pdf"}]},
              {"type":"reasoning","id":"rs_1","summary":[],
               "content":[{"type":"reasoning_text","text":"think"}]},
              {"type":"message","role":"assistant","content":[{"type":"output_text","text":"ok"}]},
              {"type":"function_call","call_id":"c1","name":"f","arguments":"{}"},
              {"type":"function_call","call_id":"c2","name":"g","arguments":"{\\"a\\":1}"},
              {"type":"function_call_output","call_id":"c1","output":"one"},
              {"type":"function_call_output","call_id":"c2","output":"two"}]}
            """);
    assertEquals(
        "[{\"role\":\"developer\",\"content\":\"dev\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\","
            + "\"detail\":\"low\"}},"
            + "{\"type\":\"file\",\"file\":{\"file_data\":\"data:application/pdf;base64,AA\","
            + "\"filename\":\"a.pdf\"}}]},"
            + "{\"role\":\"assistant\",\"reasoning_content\":\"think\",\"content\":\"ok\","
            + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
            + "{\"id\":\"c2\",\"type\":\"function\","
            + "\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"a\\\":1}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"one\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":\"two\"}]",
        JsonText.write(chat.getJsonArray("messages")));
  }

  @Test
  void aFunctionCallWithoutTextStartsAnAssistantMessageWithNullContent() {
    JsonObject chat =
        chat(
            "{\"input\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"{}\"},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"x\"}]}");
    JsonObject assistant = chat.getJsonArray("messages").getJsonObject(1);
    assertEquals("assistant", assistant.getString("role"));
    assertTrue(assistant.isNull("content"));
    assertEquals("c", assistant.getJsonArray("tool_calls").getJsonObject(0).getString("id"));
  }

  @Test
  void historyComesBeforeTheNewInputAndInstructionsStayFirst() {
    ResponsesRequest request = parse("{\"instructions\":\"sys\",\"input\":\"second\"}");
    List<JsonObject> history =
        List.of(
            JsonText.parseObject("{\"role\":\"user\",\"content\":\"first\"}"),
            JsonText.parseObject(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"status\":\"completed\","
                    + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                    + "\"text\":\"answer\",\"annotations\":[],\"logprobs\":[]}]}"));
    ChatInput input = request.chatInput(history, Set.of());
    assertEquals(
        List.of("system", "user", "assistant", "user"),
        input.request().messages().stream().map(m -> m.role()).toList());
    assertEquals("answer", input.request().messages().get(2).content());
  }

  @Test
  void toolsFormatsAndSamplingAreTranslated() {
    JsonObject chat =
        chat(
            """
            {"input":"x","max_output_tokens":50,"temperature":0.5,"top_p":0.9,
             "parallel_tool_calls":false,"user":"u","safety_identifier":"s","tier":"FAST",
             "tools":[{"type":"function","name":"f","description":"d",
                       "parameters":{"type":"object"},"strict":true}],
             "tool_choice":{"type":"function","name":"f"},
             "reasoning":{"effort":"low","summary":"auto"},
             "text":{"format":{"type":"json_schema","name":"n","schema":{"type":"object"},
                               "strict":true},"verbosity":"low"},
             "metadata":{"k":"v"},"store":false,"include":["reasoning.encrypted_content"],
             "sim_reasoning_tokens":3}
            """);
    assertEquals(50, chat.getInt("max_completion_tokens"));
    assertEquals(
        "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"d\","
            + "\"parameters\":{\"type\":\"object\"},\"strict\":true}}]",
        JsonText.write(chat.getJsonArray("tools")));
    assertEquals(
        "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}",
        JsonText.write(chat.getJsonObject("tool_choice")));
    assertEquals("low", chat.getString("reasoning_effort"));
    assertEquals(
        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"n\","
            + "\"schema\":{\"type\":\"object\"},\"strict\":true}}",
        JsonText.write(chat.getJsonObject("response_format")));
    assertEquals("low", chat.getString("verbosity"));
    assertEquals(0.5, chat.getJsonNumber("temperature").doubleValue());
    assertFalse(chat.getBoolean("parallel_tool_calls"));
    assertEquals("u", chat.getString("user"));
    assertEquals("s", chat.getString("safety_identifier"));
    assertEquals("FAST", chat.getString("tier"));
    assertEquals(3, chat.getInt("sim_reasoning_tokens")); // unknown fields pass, as extra_body
    for (String gatewayOnly : List.of("metadata", "store", "include", "input", "text")) {
      assertFalse(chat.containsKey(gatewayOnly), gatewayOnly);
    }
    ResponsesRequest request = parse("{\"input\":\"x\",\"reasoning\":{\"summary\":\"auto\"}}");
    assertTrue(request.reasoningSummary());
    assertTrue(parse("{\"input\":\"x\"}").store(), "store defaults to true");
  }

  @Test
  void whatCannotBeServedIsRefusedNamingTheField() {
    assertEquals(
        "unsupported_tool",
        refused("{\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]}").code());
    assertEquals(
        "unsupported_content",
        refused(
                "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\","
                    + "\"file_id\":\"file-1\"}]}]}")
            .code());
    assertEquals(
        "unsupported_input",
        refused("{\"input\":[{\"type\":\"item_reference\",\"id\":\"msg_1\"}]}").code());
    assertEquals(
        "unsupported_input",
        refused(
                "{\"input\":[{\"type\":\"reasoning\",\"id\":\"rs\",\"summary\":[],"
                    + "\"encrypted_content\":\"gAAA\"},{\"role\":\"assistant\",\"content\":\"a\"}]}")
            .code());
    assertEquals("unsupported_background", refused("{\"input\":\"x\",\"background\":true}").code());
    assertEquals(
        "unsupported_truncation", refused("{\"input\":\"x\",\"truncation\":\"auto\"}").code());
    assertEquals(
        "unsupported_include",
        refused("{\"input\":\"x\",\"include\":[\"message.output_text.logprobs\"]}").code());
    assertEquals(
        "unsupported_reasoning_effort",
        refused("{\"input\":\"x\",\"reasoning_effort\":\"low\"}").code());
    assertEquals("unsupported_messages", refused("{\"messages\":[{\"role\":\"user\"}]}").code());
    assertEquals(
        "invalid_input",
        refused("{\"input\":[{\"type\":\"reasoning\",\"id\":\"r\",\"summary\":[]}]}").code());
  }

  @Test
  void badInputIsA400WithTheOffendingField() {
    assertEquals("empty_body", refused("").code());
    assertEquals("invalid_json", refused("{\"input\":").code());
    assertEquals("invalid_json", refused("[1]").code());
    assertEquals("empty_input", refused("{\"input\":\"  \"}").code());
    assertEquals("empty_input", refused("{\"input\":[]}").code());
    assertEquals("empty_input", refused("{\"model\":\"m\"}").code());
    assertEquals("invalid_input", refused("{\"input\":42}").code());
    assertEquals(
        "invalid_input", refused("{\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}").code());
    assertEquals("invalid_stream", refused("{\"input\":\"x\",\"stream\":\"yes\"}").code());
    assertEquals("invalid_store", refused("{\"input\":\"x\",\"store\":1}").code());
    assertEquals(
        "invalid_max_output_tokens",
        refused("{\"input\":\"x\",\"max_output_tokens\":\"many\"}").code());
    assertEquals(
        "invalid_max_output_tokens", refused("{\"input\":\"x\",\"max_output_tokens\":0}").code());
    assertEquals("invalid_temperature", refused("{\"input\":\"x\",\"temperature\":5}").code());
    assertEquals("invalid_model", refused("{\"input\":\"x\",\"model\":7}").code());
    assertEquals("invalid_metadata", refused("{\"input\":\"x\",\"metadata\":{\"k\":1}}").code());
    assertEquals(
        "invalid_text",
        refused("{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"xml\"}}}").code());
    assertEquals(
        "invalid_text",
        refused("{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"n\"}}}")
            .code());
    assertEquals(
        "invalid_content",
        refused(
                "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"output_text\","
                    + "\"text\":\"x\"}]}]}")
            .code());
    assertEquals(
        "invalid_previous_response_id",
        refused("{\"input\":\"x\",\"previous_response_id\":\"\"}").code());
  }

  @Test
  void aPreviousResponseAloneIsEnoughInput() {
    ResponsesRequest request = parse("{\"previous_response_id\":\"resp_1\"}");
    assertEquals("resp_1", request.previousResponseId());
    assertTrue(request.input().isEmpty());
  }
}
