package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /v1/responses} through the official OpenAI Node SDK's Responses helpers and over raw HTTP,
 * against the default simulated container: tool loops, storage, reasoning, formats, and bad input
 * answered in OpenAI's error shape.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ResponsesApiIT {

  private static final String MODEL = "openai/gpt-4o-mini";

  @Deployment(testable = false)
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI uri(String path) {
    return GatewayDeployment.loopback(reported).resolve(path);
  }

  /** Needs node and npm ci in src/test/sdk (scripts/test does both). */
  @Test
  void nodeSdkRunsToolLoopsStorageReasoningFormatsAndErrors() throws Exception {
    File sdkDir = new File("src/test/sdk");
    assertTrue(
        new File(sdkDir, "node_modules/openai").isDirectory(),
        "the OpenAI SDK is not installed: run npm ci --prefix src/test/sdk (scripts/test does)");
    // The catalogue says gpt-4o-mini does not reason; the simulated provider does, so the operator
    // says so for this test (reasoning.effort asks for reasoning, which routing requires).
    URI base = GatewayDeployment.loopback(reported);
    Http.patchSettings(
        base,
        "{\"MODEL_CAPABILITIES\":\"openai/gpt-4o-mini=images,tools,json_schema,reasoning;"
            + "*=images,tools,json_schema,reasoning\"}");
    Process node;
    String output;
    try {
      node =
          new ProcessBuilder("node", "sdk-responses.mjs", uri("v1").toString())
              .directory(sdkDir)
              .redirectErrorStream(true)
              .start();
      assertTrue(node.waitFor(120, TimeUnit.SECONDS), "SDK script did not finish in 120 s");
      output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      Http.patchSettings(base, "{\"MODEL_CAPABILITIES\":\"*=images,tools,json_schema,reasoning\"}");
    }
    assertEquals(0, node.exitValue(), output);
    JsonObject seen = Http.json(output.lines().reduce((a, b) -> b).orElseThrow());

    // Streamed tool call: the SDK's helper accepted every event and assembled the call.
    List<String> events =
        seen.getJsonArray("streamedEvents").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList();
    assertEquals("response.created", events.get(0), events.toString());
    assertEquals("response.in_progress", events.get(1));
    assertEquals("response.completed", events.get(events.size() - 1));
    assertTrue(events.contains("response.function_call_arguments.done"), events.toString());
    assertTrue(seen.getInt("argumentDeltas") >= 2, "arguments streamed in fragments");
    JsonObject call = seen.getJsonObject("call");
    assertEquals("get_weather", call.getString("name"));
    assertEquals("{\"city\":\"What is the weather in P\"}", call.getString("arguments"));
    assertEquals("completed", call.getString("status"));
    assertEquals("completed", seen.getString("calledStatus"));

    // Continued by previous_response_id: the stored call and the new output reach the model.
    assertTrue(
        seen.getString("answer").startsWith("The tool returned \"sunny\""),
        seen.getString("answer"));
    assertEquals(seen.getString("answer"), seen.getString("answerSnapshot"));
    assertTrue(seen.getString("answerPrevious").startsWith("resp_"));
    JsonObject usage = seen.getJsonObject("answerUsage");
    assertTrue(usage.getInt("input_tokens") > 0 && usage.getInt("output_tokens") > 0);
    assertEquals(
        usage.getInt("input_tokens") + usage.getInt("output_tokens"), usage.getInt("total_tokens"));
    assertTrue(usage.getJsonObject("input_tokens_details").containsKey("cached_tokens"));
    assertTrue(usage.getJsonObject("output_tokens_details").containsKey("reasoning_tokens"));
    assertTrue(seen.getBoolean("sequenceNumbersInOrder"));

    // The whole conversation as input, store false: answered, and not retrievable.
    assertTrue(
        seen.getString("fullInputAnswer").startsWith("The tool returned \"18 degrees\""),
        seen.getString("fullInputAnswer"));
    assertEquals(404, seen.getInt("unstoredRetrieve"));

    // Create, retrieve, delete.
    JsonObject created = seen.getJsonObject("created");
    assertTrue(created.getString("id").startsWith("resp_"));
    assertEquals("response", created.getString("object"));
    assertEquals("completed", created.getString("status"));
    assertFalse(created.getString("text").isBlank());
    assertEquals("Be brief.", created.getString("instructions"));
    assertEquals("T-1", created.getJsonObject("metadata").getString("ticket"));
    assertTrue(seen.getBoolean("retrievedSameText"));
    JsonObject deleted = seen.getJsonObject("deleted");
    assertEquals(created.getString("id"), deleted.getString("id"));
    assertEquals("response.deleted", deleted.getString("object"));
    assertTrue(deleted.getBoolean("deleted"));
    assertEquals(404, seen.getInt("retrieveAfterDelete"));

    // Structured output parsed as JSON.
    assertTrue(seen.get("structured") instanceof JsonObject, seen.toString());
    assertEquals("json_schema", seen.getString("structuredFormat"));

    // Reasoning: raw text by default, a summary when asked.
    assertEquals(4, seen.getString("reasoningText").strip().split("\\s+").length, seen.toString());
    assertEquals("reasoning", seen.getJsonObject("reasoningItem").getString("type"));
    assertEquals(
        seen.getString("reasoningText"),
        seen.getJsonObject("reasoningItem")
            .getJsonArray("content")
            .getJsonObject(0)
            .getString("text"));
    assertEquals(4, seen.getString("summaryText").strip().split("\\s+").length, seen.toString());
    assertEquals(
        seen.getString("summaryText"),
        seen.getJsonObject("summaryItem")
            .getJsonArray("summary")
            .getJsonObject(0)
            .getString("text"));
    assertEquals("low", seen.getJsonObject("reasoningEcho").getString("effort"));

    // Cut short.
    JsonObject shortAnswer = seen.getJsonObject("short");
    assertEquals("incomplete", shortAnswer.getString("status"));
    assertEquals("max_output_tokens", shortAnswer.getString("reason"));
    assertEquals("response.incomplete", shortAnswer.getString("last"));

    // Errors, as the SDK raises them.
    assertEquals(404, seen.getJsonObject("unknownPrevious").getInt("status"), seen.toString());
    assertEquals(400, seen.getJsonObject("builtInTool").getInt("status"));
    assertEquals("unsupported_tool", seen.getJsonObject("builtInTool").getString("code"));
    assertEquals(404, seen.getJsonObject("unknownModel").getInt("status"));
    assertEquals("model_not_found", seen.getJsonObject("unknownModel").getString("code"));
    assertEquals(400, seen.getJsonObject("emptyInput").getInt("status"));
  }

  private HttpResponse<String> post(String body) throws Exception {
    return Http.post(uri("v1/responses"), "application/json", body);
  }

  private static JsonObject error(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonObject error = Http.json(response.body()).getJsonObject("error");
    for (String field : List.of("message", "type", "param", "code")) {
      assertTrue(error.containsKey(field), field + " in " + response.body());
    }
    return error;
  }

  @Test
  void badInputGetsA4xxInOpenAisErrorShape() throws Exception {
    assertEquals("invalid_json", error(post("{\"input\":"), 400).getString("code"));
    assertEquals("empty_body", error(post(""), 400).getString("code"));
    assertEquals("invalid_input", error(post("{\"input\":42}"), 400).getString("code"));
    assertEquals(
        "invalid_stream",
        error(post("{\"input\":\"x\",\"stream\":\"yes\"}"), 400).getString("code"));
    assertEquals("empty_input", error(post("{\"input\":\"\"}"), 400).getString("code"));
    assertEquals("empty_input", error(post("{\"input\":[]}"), 400).getString("code"));
    JsonObject unknownModel = error(post("{\"model\":\"gpt-9-ultra\",\"input\":\"x\"}"), 404);
    assertEquals("model_not_found", unknownModel.getString("code"));
    JsonObject previous =
        error(post("{\"input\":\"x\",\"previous_response_id\":\"resp_nope\"}"), 404);
    assertEquals("previous_response_not_found", previous.getString("code"));
    assertEquals(
        "unsupported_content",
        error(
                post(
                    "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_file\","
                        + "\"file_id\":\"file-1\"}]}]}"),
                400)
            .getString("code"));
    // A raw NUL byte is not JSON; an escaped one is text, relayed like any other character.
    assertEquals("invalid_json", error(post("{\"input\":\"a\u0000b\"}"), 400).getString("code"));
    HttpResponse<String> escaped =
        post("{\"model\":\"" + MODEL + "\",\"input\":\"\\u0000 مرحبا\",\"max_output_tokens\":4}");
    assertEquals(200, escaped.statusCode(), escaped.body());
    assertEquals("response", Http.json(escaped.body()).getString("object"));

    HttpResponse<String> wrongMethod = Http.get(uri("v1/responses"));
    assertEquals("method_not_allowed", error(wrongMethod, 405).getString("code"));
    assertEquals(
        "response_not_found",
        error(Http.get(uri("v1/responses/resp_unknown")), 404).getString("code"));
  }

  @Test
  void aStoredResponseIsVisibleOnlyToTheKeyThatCreatedIt() throws Exception {
    String alice = createKey("alice-responses");
    String bob = createKey("bob-responses");
    HttpResponse<String> created =
        Http.send(
            withKey(alice, "v1/responses")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + MODEL + "\",\"input\":\"Hello\",\"cache\":false}"))
                .build());
    assertEquals(200, created.statusCode(), created.body());
    String id = Http.json(created.body()).getString("id");

    assertEquals(200, Http.send(withKey(alice, "v1/responses/" + id).GET().build()).statusCode());
    error(Http.send(withKey(bob, "v1/responses/" + id).GET().build()), 404);
    error(Http.get(uri("v1/responses/" + id)), 404); // anonymous sees only anonymous ones
    error(Http.send(withKey(bob, "v1/responses/" + id).DELETE().build()), 404);
    HttpResponse<String> chained =
        Http.send(
            withKey(bob, "v1/responses")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\""
                            + MODEL
                            + "\",\"input\":\"more\",\"previous_response_id\":\""
                            + id
                            + "\"}"))
                .build());
    assertEquals("previous_response_not_found", error(chained, 404).getString("code"));
    assertEquals(200, Http.send(withKey(alice, "v1/responses/" + id).GET().build()).statusCode());
  }

  @Test
  void usageRecordsNameTheResponsesEndpoint() throws Exception {
    HttpResponse<String> answered =
        Http.send(
            HttpRequest.newBuilder(uri("v1/responses"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "responses-usage-1")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + MODEL + "\",\"input\":\"Hi\",\"stream\":true}"))
                .build());
    assertEquals(200, answered.statusCode());
    assertTrue(answered.body().contains("event: response.completed"), answered.body());
    JsonObject record = Http.usageRecord(GatewayDeployment.loopback(reported), "responses-usage-1");
    assertEquals("responses", record.getString("endpoint"), record.toString());
  }

  private HttpRequest.Builder withKey(String key, String path) {
    return HttpRequest.newBuilder(uri(path))
        .header("Authorization", "Bearer " + key)
        .header("Content-Type", "application/json");
  }

  private String createKey(String name) throws Exception {
    HttpResponse<String> created =
        Http.send(
            HttpRequest.newBuilder(uri("api/v1/keys"))
                .header("Authorization", Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                .build());
    assertEquals(201, created.statusCode(), created.body());
    return Http.json(created.body()).getString("key");
  }
}
