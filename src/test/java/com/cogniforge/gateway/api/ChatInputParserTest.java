package com.cogniforge.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.relay.ChatInput;
import java.nio.charset.StandardCharsets;
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
        "unsupported_content",
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
}
