package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiWireTest {

  @Test
  void contentChunkIsValidJsonWithEscapedText() {
    String text = "line1\nline2 \"quoted\" \u0000 \u2028 مرحبا";
    JsonObject chunk = JsonText.parseObject(OpenAiWire.contentChunk("id1", 42, "m/x", text));
    assertEquals("chat.completion.chunk", chunk.getString("object"));
    assertEquals(
        text,
        chunk.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"));
    assertTrue(chunk.getJsonArray("choices").getJsonObject(0).isNull("finish_reason"));
  }

  @Test
  void contentFramesAreByteForByteTheFramedContentChunk() {
    String[] models = {"openai/gpt-4o-mini", "modèle/ü \"q\""};
    String[] texts = {
      "",
      " relays",
      "The",
      "a\"b",
      "back\\slash",
      "tab\there",
      "new\nline",
      "\u0000\u001f\u007f",
      "é",
      "مرحبا",
      "emoji \uD83D\uDE00",
      "\u2028\u2029",
      "~!@#$%^&*()_+{}|:<>?`-=[];',./"
    };
    for (String model : models) {
      OpenAiWire.ContentFrames frames =
          new OpenAiWire.ContentFrames("chatcmpl-r1", 1732450000L, model);
      for (String text : texts) {
        assertEquals(
            new String(
                OpenAiWire.sseFrame(
                    OpenAiWire.contentChunk("chatcmpl-r1", 1732450000L, model, text)),
                StandardCharsets.UTF_8),
            new String(frames.frame(text), StandardCharsets.UTF_8),
            text);
        assertArrayEquals(
            OpenAiWire.sseFrame(OpenAiWire.contentChunk("chatcmpl-r1", 1732450000L, model, text)),
            frames.frame(text),
            text);
      }
    }
  }

  @Test
  void theProvidersOwnFieldsGoAfterTheModelInEveryDocumentAndContentFramesAgree() {
    String fields = "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_0ba\"";
    String chunk = OpenAiWire.contentChunk("c1", 7, "m/x", "hi \"there\"");
    String withFields = OpenAiWire.withProviderFields(chunk, fields);
    assertTrue(
        withFields.startsWith(
            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":7,\"model\":\"m/x\","
                + fields
                + ",\"choices\":"),
        withFields);
    JsonObject parsed = JsonText.parseObject(withFields);
    assertEquals("fp_0ba", parsed.getString("system_fingerprint"));
    assertEquals(
        "hi \"there\"",
        parsed
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("delta")
            .getString("content"));
    assertArrayEquals(
        OpenAiWire.sseFrame(withFields),
        new OpenAiWire.ContentFrames("c1", 7, "m/x", fields).frame("hi \"there\""));
    String usage = OpenAiWire.usageChunk("c1", 7, "m/x", 3, 4);
    assertEquals(
        "default",
        JsonText.parseObject(OpenAiWire.withProviderFields(usage, fields))
            .getString("service_tier"));
    String error = "{\"error\":{\"message\":\"x\"}}";
    assertEquals(error, OpenAiWire.withProviderFields(error, fields), "an error has no choices");
    assertEquals(chunk, OpenAiWire.withProviderFields(chunk, null));
  }

  @Test
  void sseFrameIsOneDataEventInUtf8() {
    byte[] frame = OpenAiWire.sseFrame("{\"t\":\"é\"}");
    assertEquals("data: {\"t\":\"é\"}\n\n", new String(frame, StandardCharsets.UTF_8));
  }

  @Test
  void completionCarriesUsageTotals() {
    JsonObject completion =
        JsonText.parseObject(OpenAiWire.completion("id", 1, "m", "hi", "stop", 3, 4));
    assertEquals(7, completion.getJsonObject("usage").getInt("total_tokens"));
    assertEquals(
        "hi",
        completion
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("message")
            .getString("content"));
  }

  @Test
  void errorBodyHasOpenAiShape() {
    JsonObject error =
        JsonText.parseObject(ApiError.body("nope", "invalid_request_error", null))
            .getJsonObject("error");
    assertEquals("nope", error.getString("message"));
    assertTrue(error.isNull("code"));
    assertEquals("rate_limit_error", ApiError.typeOf(429));
    assertEquals("api_error", ApiError.typeOf(502));
  }

  @Test
  void requestBodyPassesOptionsThroughAndForcesStreamingWithUsage() {
    ChatRequest request =
        new ChatRequest(
            null,
            java.util.List.of(new ChatMessage("user", "hi")),
            5,
            JsonText.parseObject("{\"temperature\":0.2,\"stream\":false}"));
    JsonObject body = JsonText.parseObject(OpenAiCompatibleWire.body("m/x", request));
    assertEquals("m/x", body.getString("model"));
    assertTrue(body.getBoolean("stream"));
    assertTrue(body.getJsonObject("stream_options").getBoolean("include_usage"));
    assertEquals(5, body.getInt("max_tokens"));
    assertEquals(0.2, body.getJsonNumber("temperature").doubleValue());
    assertEquals("hi", body.getJsonArray("messages").getJsonObject(0).getString("content"));
  }
}
