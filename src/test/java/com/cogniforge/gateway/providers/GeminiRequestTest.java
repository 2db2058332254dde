package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cogniforge.gateway.JsonText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * OpenAI chat requests as Gemini GenerateContentRequests. Expected bodies follow the field names
 * the official SDK sends (googleapis/js-genai src/types.ts and its recorded requests in
 * test/system/recordings).
 */
class GeminiRequestTest {

  private static final String USER_HI = "{\"role\":\"user\",\"content\":\"hi\"}";

  @Test
  void systemAndDeveloperBecomeTheSystemInstructionAndTheCapIsMaxOutputTokens() throws Exception {
    JsonObject body =
        translate(
            "gemini-2.5-flash",
            "{}",
            "{\"role\":\"system\",\"content\":\"Be brief.\"}",
            "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"No emoji.\"}]}",
            USER_HI);

    assertEquals(
        json(
            "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],"
                + "\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"},{\"text\":\"No emoji.\"}]},"
                + "\"generationConfig\":{\"maxOutputTokens\":256}}"),
        body);
  }

  @Test
  void turnsAlternateUserAndModelAndConsecutiveTurnsOfOneRoleMerge() throws Exception {
    JsonObject body =
        translate(
            "gemini-2.5-flash",
            "{}",
            "{\"role\":\"user\",\"content\":\"one\"}",
            "{\"role\":\"user\",\"content\":\"two\"}",
            "{\"role\":\"assistant\",\"content\":\"three\",\"refusal\":null,\"annotations\":[]}",
            "{\"role\":\"user\",\"content\":\"four\"}");

    assertEquals(
        json(
            "[{\"role\":\"user\",\"parts\":[{\"text\":\"one\"},{\"text\":\"two\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"three\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"four\"}]}]"),
        body.get("contents"));
  }

  @Test
  void toolsAreFunctionDeclarationsWithTheirWholeJsonSchemaAndToolChoiceNamesOne()
      throws Exception {
    JsonObject body =
        translate(
            "gemini-2.5-flash",
            "{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"Weather now\",\"strict\":true,\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"],"
                + "\"additionalProperties\":false}}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},"
                + "\"parallel_tool_calls\":true}",
            USER_HI);

    assertEquals(
        json(
            "[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"description\":\"Weather now\","
                + "\"parametersJsonSchema\":{\"type\":\"object\",\"properties\":{\"city\":"
                + "{\"type\":\"string\"}},\"required\":[\"city\"],\"additionalProperties\":false}}]}]"),
        body.get("tools"));
    assertEquals(
        json(
            "{\"functionCallingConfig\":{\"mode\":\"ANY\","
                + "\"allowedFunctionNames\":[\"get_weather\"]}}"),
        body.get("toolConfig"));
  }

  @ParameterizedTest
  @CsvSource({"auto,AUTO", "none,NONE", "required,ANY"})
  void toolChoiceModes(String choice, String mode) throws Exception {
    JsonObject body =
        translate("gemini-2.5-flash", "{\"tool_choice\":\"" + choice + "\"}", USER_HI);
    assertEquals(
        json("{\"functionCallingConfig\":{\"mode\":\"" + mode + "\"}}"), body.get("toolConfig"));
  }

  @Test
  void assistantToolCallsAndToolResultsBecomeFunctionCallsAndResponsesWithSignatureAndIds()
      throws Exception {
    JsonObject body =
        translate(
            "gemini-3-pro-preview",
            "{}",
            "{\"role\":\"user\",\"content\":\"Weather in Paris and Rome?\"}",
            "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"id\":\"call_1__thought__c2lnbmF0dXJl\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}}]}",
            "{\"role\":\"tool\",\"tool_call_id\":\"call_1__thought__c2lnbmF0dXJl\","
                + "\"content\":\"{\\\"temp\\\":21}\"}",
            "{\"role\":\"tool\",\"tool_call_id\":\"call_2\",\"content\":\"sunny, 25 C\"}");

    assertEquals(
        json(
            "[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather in Paris and Rome?\"}]},"
                + "{\"role\":\"model\",\"parts\":["
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"},"
                + "\"id\":\"call_1\"},\"thoughtSignature\":\"c2lnbmF0dXJl\"},"
                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Rome\"},"
                + "\"id\":\"call_2\"}}]},"
                + "{\"role\":\"user\",\"parts\":["
                + "{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"temp\":21},"
                + "\"id\":\"call_1\"}},"
                + "{\"functionResponse\":{\"name\":\"get_weather\","
                + "\"response\":{\"output\":\"sunny, 25 C\"},\"id\":\"call_2\"}}]}]"),
        body.get("contents"));
  }

  @Test
  void imagesGoInlineFromDataUrlsAndAsFileDataFromHttpsUrls() throws Exception {
    JsonObject body =
        translate(
            "gemini-2.5-flash",
            "{}",
            "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Compare\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0K\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"https://example.com/cat.JPG?size=large\",\"detail\":\"low\"}}]}");

    assertEquals(
        json(
            "[{\"role\":\"user\",\"parts\":[{\"text\":\"Compare\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"iVBORw0K\"}},"
                + "{\"fileData\":{\"mimeType\":\"image/jpeg\","
                + "\"fileUri\":\"https://example.com/cat.JPG?size=large\"},"
                + "\"mediaResolution\":{\"level\":\"MEDIA_RESOLUTION_LOW\"}}]}]"),
        body.get("contents"));
  }

  @ParameterizedTest
  @CsvSource({
    "http://example.com/cat.png", // Gemini fetches only https
    "https://example.com/cat", // no type to tell Gemini
    "https://example.com/cat.gif" // not a type Gemini reads
  })
  void anImageUrlGeminiCannotFetchIsRefused(String url) {
    UpstreamFailure refused =
        assertThrows(
            UpstreamFailure.class,
            () ->
                translate(
                    "gemini-2.5-flash",
                    "{}",
                    "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                        + "\"image_url\":{\"url\":\""
                        + url
                        + "\"}}]}"));
    assertEquals(UpstreamFailure.Kind.UNTRANSLATABLE, refused.kind());
    assertTrue(
        refused.getMessage().contains("messages[0].content image_url"), refused.getMessage());
  }

  @Test
  void reasoningEffortIsABudgetForGemini2AndALevelForGemini3WithThoughtsIncluded()
      throws Exception {
    JsonObject two = translate("gemini-2.5-flash", "{\"reasoning_effort\":\"medium\"}", USER_HI);
    JsonObject three = translate("gemini-3-pro-preview", "{\"reasoning_effort\":\"low\"}", USER_HI);
    JsonObject off = translate("gemini-2.5-flash", "{\"reasoning_effort\":\"none\"}", USER_HI);

    assertEquals(
        json("{\"thinkingBudget\":8192,\"includeThoughts\":true}"),
        two.getJsonObject("generationConfig").get("thinkingConfig"));
    assertEquals(
        json("{\"thinkingLevel\":\"LOW\",\"includeThoughts\":true}"),
        three.getJsonObject("generationConfig").get("thinkingConfig"));
    assertEquals(
        json("{\"thinkingBudget\":0}"),
        off.getJsonObject("generationConfig").get("thinkingConfig"));
  }

  @Test
  void samplingStopAndSeedGoInTheGenerationConfig() throws Exception {
    JsonObject body =
        translate(
            "gemini-2.5-flash",
            "{\"temperature\":0.2,\"top_p\":0.9,\"stop\":\"END\",\"seed\":7,"
                + "\"presence_penalty\":0.5,\"frequency_penalty\":-0.5,\"logprobs\":false}",
            USER_HI);

    assertEquals(
        json(
            "{\"maxOutputTokens\":256,\"temperature\":0.2,\"topP\":0.9,\"stopSequences\":[\"END\"],"
                + "\"seed\":7,\"presencePenalty\":0.5,\"frequencyPenalty\":-0.5}"),
        body.get("generationConfig"));
  }

  @Test
  void structuredOutputIsAJsonMimeTypeWithTheSchemaAndItsDescription() throws Exception {
    JsonObject schema =
        translate(
            "gemini-2.5-flash",
            "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"city\","
                + "\"description\":\"A city\",\"strict\":true,\"schema\":{\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\"}}}}}}",
            USER_HI);
    JsonObject object =
        translate("gemini-2.5-flash", "{\"response_format\":{\"type\":\"json_object\"}}", USER_HI);

    assertEquals(
        json(
            "{\"maxOutputTokens\":256,\"responseMimeType\":\"application/json\","
                + "\"responseJsonSchema\":{\"type\":\"object\",\"properties\":{\"name\":"
                + "{\"type\":\"string\"}},\"description\":\"A city\"}}"),
        schema.get("generationConfig"));
    assertEquals(
        json("{\"maxOutputTokens\":256,\"responseMimeType\":\"application/json\"}"),
        object.get("generationConfig"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"logprobs\":true}|logprobs",
        "{\"top_logprobs\":2}|top_logprobs",
        "{\"logit_bias\":{\"50256\":-100}}|logit_bias",
        "{\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}}|audio",
        "{\"modalities\":[\"text\",\"audio\"]}|modalities",
        "{\"user\":\"u-1\"}|user",
        "{\"parallel_tool_calls\":false}|parallel_tool_calls",
        "{\"service_tier\":\"flex\"}|service_tier",
        "{\"prediction\":{\"type\":\"content\",\"content\":\"x\"}}|prediction",
        "{\"reasoning_effort\":\"xhigh\"}|reasoning_effort xhigh",
        "{\"tools\":[{\"type\":\"web_search\"}]}|tools[0]",
        "{\"response_format\":{\"type\":\"grammar\"}}|response_format type grammar"
      })
  void aFieldGeminiCannotCarryIsRefusedByName(String options, String named) {
    UpstreamFailure refused =
        assertThrows(UpstreamFailure.class, () -> translate("gemini-2.5-flash", options, USER_HI));
    assertEquals(UpstreamFailure.Kind.UNTRANSLATABLE, refused.kind());
    assertTrue(refused.getMessage().contains(named), refused.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"role\":\"user\",\"name\":\"ann\",\"content\":\"hi\"}|messages[0].name",
        "{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"f1\"}}]}"
            + "|messages[0].content file",
        "{\"role\":\"tool\",\"tool_call_id\":\"nobody\",\"content\":\"42\"}"
            + "|messages[0].tool_call_id",
        "{\"role\":\"system\",\"content\":[{\"type\":\"image_url\","
            + "\"image_url\":{\"url\":\"data:image/png;base64,AA\"}}]}|image_url part"
      })
  void aMessageGeminiCannotCarryIsRefusedByName(String message, String named) {
    UpstreamFailure refused =
        assertThrows(UpstreamFailure.class, () -> translate("gemini-2.5-flash", "{}", message));
    assertEquals(UpstreamFailure.Kind.UNTRANSLATABLE, refused.kind());
    assertTrue(refused.getMessage().contains(named), refused.getMessage());
  }

  @Test
  void theWireAddressesTheModelAndSendsTheKeyInAHeaderNeverInTheUrl() throws Exception {
    Provider provider =
        new Provider(
            "google",
            ProviderKind.GEMINI,
            ProviderKind.GEMINI.defaultBaseUrl(),
            Optional.of("AIzaSyTestKey0123456789"),
            Map.of(),
            Map.of("flash", "gemini-2.5-flash"),
            new Provider.Timeouts(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    ChatRequest request =
        new ChatRequest(
            "flash", List.of(new ChatMessage("user", "hi")), 64, JsonText.parseObject("{}"));

    var http = GeminiWire.INSTANCE.request(provider, "models/gemini-2.5-flash", request).build();

    assertEquals(
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash"
            + ":streamGenerateContent?alt=sse",
        http.uri().toString());
    assertEquals("AIzaSyTestKey0123456789", http.headers().firstValue("x-goog-api-key").get());
    assertEquals("models/weird%2F%3Fname", GeminiWire.modelPath("weird/?name"));
  }

  private static JsonObject translate(String model, String options, String... messages)
      throws UpstreamFailure {
    List<ChatMessage> chat = new ArrayList<>();
    for (String message : messages) {
      JsonObject json = JsonText.parseObject(message);
      chat.add(new ChatMessage(json.getString("role"), "", 0, json));
    }
    ChatRequest request = new ChatRequest("m", chat, 256, JsonText.parseObject(options));
    return JsonText.parseObject(GeminiRequest.body(model, request));
  }

  private static JsonStructure json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.read();
    }
  }
}
