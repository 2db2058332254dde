package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.relay.ChatInput;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatInputParserTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static ApiError nativeError(String body) {
    return assertThrows(ApiError.class, () -> ChatInputParser.fromNativeBody(utf8(body)));
  }

  private static ApiError openAiError(String body) {
    return assertThrows(ApiError.class, () -> ChatInputParser.fromOpenAiBody(utf8(body)));
  }

  @Test
  void queryPromptBecomesOneUserMessage() {
    ChatInput input = ChatInputParser.fromQuery("مرحبا بالعالم", " openai/gpt-4o-mini ", "7", null);
    assertEquals("مرحبا بالعالم", input.request().messages().get(0).content());
    assertEquals("user", input.request().messages().get(0).role());
    assertEquals("openai/gpt-4o-mini", input.request().model());
    assertEquals(7, input.request().maxTokens());
    assertTrue(input.stream());
  }

  @Test
  void blankOrMissingQueryIsRejected() {
    assertEquals(
        "missing_prompt",
        assertThrows(ApiError.class, () -> ChatInputParser.fromQuery(null, null, null, null))
            .code());
    assertEquals(
        400,
        assertThrows(ApiError.class, () -> ChatInputParser.fromQuery(" \t", null, null, null))
            .status());
    assertEquals(
        "invalid_max_tokens",
        assertThrows(ApiError.class, () -> ChatInputParser.fromQuery("hi", null, "1e9", null))
            .code());
    assertEquals(
        "invalid_max_tokens",
        assertThrows(ApiError.class, () -> ChatInputParser.fromQuery("hi", null, "0", null))
            .code());
  }

  @Test
  void controlCharactersInPromptArePreserved() {
    ChatInput input = ChatInputParser.fromNativeBody(utf8("{\"q\":\"a\\u0000b\\u0007c\\n\"}"));
    assertEquals("a\u0000b\u0007c\n", input.request().messages().get(0).content());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"q\":}", "[1]", "\"q\"", "null", "{\"q\":\"x\"} trailing"})
  void malformedOrNonObjectJsonIsRejected(String body) {
    ApiError error = nativeError(body);
    assertEquals(400, error.status());
    assertEquals("invalid_json", error.code());
  }

  @Test
  void emptyBodyAndInvalidUtf8AreRejected() {
    assertEquals("empty_body", nativeError("").code());
    ApiError error =
        assertThrows(
            ApiError.class,
            () -> ChatInputParser.fromNativeBody(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}));
    assertEquals("invalid_encoding", error.code());
  }

  @Test
  void wrongTypesNameTheField() {
    assertEquals("invalid_q", nativeError("{\"q\":42}").code());
    assertEquals("invalid_model", nativeError("{\"q\":\"x\",\"model\":7}").code());
    assertEquals("invalid_max_tokens", nativeError("{\"q\":\"x\",\"max_tokens\":\"5\"}").code());
    assertEquals("invalid_max_tokens", nativeError("{\"q\":\"x\",\"max_tokens\":2.5}").code());
    assertEquals(
        "invalid_temperature", nativeError("{\"q\":\"x\",\"temperature\":\"hot\"}").code());
    assertEquals("invalid_temperature", nativeError("{\"q\":\"x\",\"temperature\":9}").code());
    assertEquals("invalid_stop", nativeError("{\"q\":\"x\",\"stop\":[1]}").code());
    assertEquals("missing_prompt", nativeError("{\"model\":\"auto\"}").code());
  }

  @Test
  void messagesAreValidated() {
    assertEquals("invalid_messages", openAiError("{\"messages\":{}}").code());
    assertEquals("invalid_messages", openAiError("{\"messages\":[]}").code());
    assertEquals("invalid_messages", openAiError("{\"messages\":[\"hi\"]}").code());
    assertEquals(
        "invalid_messages",
        openAiError("{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}").code());
    assertEquals(
        "invalid_messages",
        openAiError("{\"messages\":[{\"role\":\"user\",\"content\":5}]}").code());
    assertEquals(
        "empty_prompt",
        openAiError("{\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}").code());
    assertEquals(
        "invalid_content",
        openAiError("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}")
            .code());
    assertEquals("missing_messages", openAiError("{\"model\":\"x\"}").code());
    assertEquals(
        "invalid_stream",
        openAiError("{\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
            .code());
    assertEquals(
        "unsupported_n",
        openAiError("{\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").code());
  }

  @Test
  void openAiBodyKeepsOptionsAndStreamFlags() {
    ChatInput input =
        ChatInputParser.fromOpenAiBody(
            utf8(
                "{\"model\":\"auto\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"temperature\":0.5,\"user\":\"u1\","
                    + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                    + "{\"type\":\"text\",\"text\":\"b\"}]}]}"));
    assertTrue(input.stream());
    assertTrue(input.includeUsage());
    assertEquals("auto", input.request().model());
    assertEquals("ab", input.request().messages().get(1).content());
    assertEquals("u1", input.request().options().getString("user"));
    assertFalse(input.request().options().containsKey("stream"));
    assertFalse(input.request().options().containsKey("model"));
  }

  @Test
  void absentModelAndNullOptionalsAreAllowed() {
    ChatInput input =
        ChatInputParser.fromOpenAiBody(
            utf8(
                "{\"model\":null,\"max_tokens\":null,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
    assertNull(input.request().model());
    assertNull(input.request().maxTokens());
    assertFalse(input.stream());
  }

  private static final String USER_HI = "{\"role\":\"user\",\"content\":\"What is the weather?\"}";

  @Test
  void messagesPassUpstreamAsTheClientWroteThem() {
    String assistant =
        "{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"reasoning_content\":\"hm\","
            + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
    String tool = "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"18 C\"}";
    String image =
        "{\"role\":\"user\",\"name\":\"ann\",\"content\":[{\"type\":\"text\",\"text\":\"And this? \"},"
            + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\","
            + "\"detail\":\"low\"}},{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA\","
            + "\"format\":\"wav\"}},{\"type\":\"file\",\"file\":{\"file_id\":\"f1\"}}]}";
    ChatInput input =
        ChatInputParser.fromOpenAiBody(
            utf8(
                "{\"messages\":["
                    + String.join(",", USER_HI, assistant, tool, image)
                    + "],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                    + "\"parameters\":{\"type\":\"object\"}}}],\"tool_choice\":\"auto\","
                    + "\"parallel_tool_calls\":false,\"reasoning_effort\":\"low\","
                    + "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"w\","
                    + "\"schema\":{\"type\":\"object\"}}},\"logprobs\":true,\"top_logprobs\":2,"
                    + "\"metadata\":{\"a\":\"b\"},\"modalities\":[\"text\"],\"user\":\"u1\"}"));
    var messages = input.request().messages();
    assertEquals(com.cogniforge.gateway.JsonText.parseObject(assistant), messages.get(1).json());
    assertEquals(com.cogniforge.gateway.JsonText.parseObject(tool), messages.get(2).json());
    assertEquals(com.cogniforge.gateway.JsonText.parseObject(image), messages.get(3).json());
    assertEquals("And this? ", messages.get(3).content());
    assertEquals(
        3 * com.cogniforge.gateway.providers.TokenEstimator.MEDIA_PART_TOKENS,
        messages.get(3).extraTokens());
    assertTrue(messages.get(1).extraTokens() > 0, "tool call arguments are counted");
    for (String option :
        new String[] {
          "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort", "response_format",
          "logprobs", "top_logprobs", "metadata", "modalities", "user"
        }) {
      assertTrue(input.request().options().containsKey(option), option);
    }
  }

  @Test
  void malformedToolsAndPartsAreClearBadRequests() {
    assertEquals(
        "invalid_messages",
        openAiError("{\"messages\":[" + USER_HI + ",{\"role\":\"tool\",\"content\":\"x\"}]}")
            .code());
    assertEquals(
        "invalid_tools", openAiError("{\"tools\":{},\"messages\":[" + USER_HI + "]}").code());
    assertEquals(
        "invalid_tools", openAiError("{\"tools\":[5],\"messages\":[" + USER_HI + "]}").code());
    assertEquals(
        "invalid_tool_choice",
        openAiError("{\"tool_choice\":5,\"messages\":[" + USER_HI + "]}").code());
    assertEquals(
        "invalid_response_format",
        openAiError("{\"response_format\":\"json\",\"messages\":[" + USER_HI + "]}").code());
    ApiError unknownPart =
        openAiError("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"hologram\"}]}]}");
    assertEquals("unsupported_content", unknownPart.code());
    assertTrue(unknownPart.getMessage().contains("hologram"), unknownPart.getMessage());
    assertEquals(
        "invalid_messages",
        openAiError(
                "{\"messages\":["
                    + USER_HI
                    + ",{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\"}]}]}")
            .code());
  }

  @Test
  void routingFieldsThatChooseModelsAreNotAllowed() {
    for (String field : new String[] {"models", "route", "provider", "plugins", "transforms"}) {
      ApiError error = openAiError("{\"" + field + "\":[\"x\"],\"messages\":[" + USER_HI + "]}");
      assertEquals("option_not_allowed", error.code(), field);
      assertEquals(400, error.status());
      assertTrue(error.toJson().contains("\"code\":\"option_not_allowed\""), error.toJson());
    }
  }

  @Test
  void routingFieldsTheOperatorAllowsPassUpstreamTheOthersStayRefused() {
    byte[] body =
        utf8(
            "{\"models\":[\"a/b\",\"c/d\"],\"provider\":{\"order\":[\"x\"]},"
                + "\"messages\":["
                + USER_HI
                + "]}");
    ChatInput input = ChatInputParser.fromOpenAiBody(body, Set.of("models", "provider"));
    assertEquals(2, input.request().options().getJsonArray("models").size());
    assertTrue(input.request().options().containsKey("provider"));

    ApiError refused =
        assertThrows(ApiError.class, () -> ChatInputParser.fromNativeBody(body, Set.of("models")));
    assertEquals("option_not_allowed", refused.code());
    assertTrue(refused.getMessage().startsWith("provider"), refused.getMessage());
  }

  @Test
  void anImageAloneIsAPrompt() {
    ChatInput input =
        ChatInputParser.fromOpenAiBody(
            utf8(
                "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                    + "\"image_url\":{\"url\":\"https://example.com/cat.png\"}}]}]}"));
    assertEquals("", input.request().messages().get(0).content());
  }
}
