package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The Anthropic Messages API ({@code /v1/messages}) through the official Anthropic Node SDK against
 * the gateway and its simulated (OpenAI-compatible) provider: a streamed tool loop, a whole answer,
 * thinking, count_tokens, and bad input answered in Anthropic's error shape.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AnthropicMessagesIT {

  @Deployment(testable = false)
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI base() {
    return GatewayDeployment.loopback(reported);
  }

  /** Needs node and npm ci in src/test/sdk (scripts/test does both). */
  @Test
  void anthropicSdkRunsAToolLoopAWholeAnswerThinkingAndCountTokens() throws Exception {
    File sdkDir = new File("src/test/sdk");
    assertTrue(
        new File(sdkDir, "node_modules/@anthropic-ai/sdk").isDirectory(),
        "the Anthropic SDK is not installed: run npm ci --prefix src/test/sdk (scripts/test does)");
    String baseUrl = base().toString().replaceAll("/$", "");
    // The catalogue says gpt-4o-mini does not reason; the simulated provider does, so the operator
    // says so for this test (thinking asks for reasoning, which routing requires of the model).
    Http.patchSettings(
        base(),
        "{\"MODEL_CAPABILITIES\":\"openai/gpt-4o-mini=images,tools,json_schema,reasoning;"
            + "*=images,tools,json_schema,reasoning\"}");
    String output;
    Process node;
    try {
      node =
          new ProcessBuilder("node", "sdk-messages.mjs", baseUrl)
              .directory(sdkDir)
              .redirectErrorStream(true)
              .start();
      assertTrue(node.waitFor(90, TimeUnit.SECONDS), "the SDK script did not finish in 90 s");
      output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      Http.patchSettings(
          base(), "{\"MODEL_CAPABILITIES\":\"*=images,tools,json_schema,reasoning\"}");
    }
    assertEquals(0, node.exitValue(), output);
    JsonObject seen = Http.json(output.lines().reduce((a, b) -> b).orElseThrow());

    List<String> events =
        seen.getJsonArray("events").getValuesAs(jakarta.json.JsonString.class).stream()
            .map(jakarta.json.JsonString::getString)
            .toList();
    assertEquals("message_start", events.get(0), events.toString());
    assertEquals("message_stop", events.get(events.size() - 1), events.toString());
    assertTrue(events.contains("content_block_delta"), events.toString());
    assertEquals("tool_use", seen.getString("callStop"));
    JsonObject toolUse = seen.getJsonObject("toolUse");
    assertEquals("get_weather", toolUse.getString("name"));
    assertEquals(
        "What is the weather in P", toolUse.getJsonObject("input").getString("city"), output);
    assertEquals("end_turn", seen.getString("finalStop"));
    assertTrue(
        seen.getString("finalText").startsWith("The tool returned \"sunny\"."),
        seen.getString("finalText"));
    assertEquals(seen.getString("finalText"), seen.getString("streamedText"));
    JsonObject usage = seen.getJsonObject("finalUsage");
    assertTrue(usage.getInt("input_tokens") > 0, usage.toString());
    assertTrue(usage.getInt("output_tokens") > 0, usage.toString());
    assertTrue(seen.getString("finalId").startsWith("msg_"), seen.getString("finalId"));

    JsonObject whole = seen.getJsonObject("whole");
    assertEquals("message", whole.getString("type"));
    assertEquals("assistant", whole.getString("role"));
    assertEquals("openai/gpt-4o-mini", whole.getString("model"));
    assertEquals("max_tokens", whole.getString("stop"), "20 tokens cap the simulated answer");
    assertFalse(whole.getString("text").isEmpty());

    assertEquals(4, seen.getString("thinking").strip().split("\\s+").length, output);
    assertEquals("thinking", seen.getJsonArray("thinkingBlocks").getString(0));
    assertEquals("text", seen.getJsonArray("thinkingBlocks").getString(1));

    assertTrue(seen.getJsonObject("counted").getInt("input_tokens") > 0);

    JsonObject refusals = seen.getJsonObject("refusals");
    assertRefusal(
        refusals.getJsonObject("noMaxTokens"), 400, "invalid_request_error", "max_tokens");
    assertRefusal(refusals.getJsonObject("wrongType"), 400, "invalid_request_error", "max_tokens");
    assertRefusal(
        refusals.getJsonObject("emptyMessages"), 400, "invalid_request_error", "messages");
    assertRefusal(refusals.getJsonObject("unknownModel"), 404, "not_found_error", "claude-nope-1");
    assertRefusal(
        refusals.getJsonObject("serverTool"), 400, "invalid_request_error", "server tools");
  }

  private static void assertRefusal(JsonObject seen, int status, String type, String mentions) {
    assertEquals(status, seen.getInt("status"), seen.toString());
    assertEquals(type, seen.getString("type"), seen.toString());
    assertTrue(seen.getString("message").contains(mentions), seen.toString());
  }

  @Test
  void rawStreamIsNamedEventsAndTheUsageRecordSaysMessages() throws Exception {
    HttpResponse<String> response =
        Http.send(
            messages("stream-1")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"auto\",\"max_tokens\":5,\"stream\":true,\"cache\":false,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"\\u0000 مرحبا\"}]}"))
                .build());
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("stream-1", response.headers().firstValue("request-id").orElse(null));
    String body = response.body();
    assertTrue(body.startsWith("event: message_start\ndata: {\"type\":\"message_start\""), body);
    assertTrue(body.contains("event: message_delta\ndata: "), body);
    assertTrue(body.contains("\"stop_reason\":\"max_tokens\""), body);
    assertTrue(body.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"), body);
    for (String frame : body.split("\n\n")) {
      String data = frame.substring(frame.indexOf("data: ") + 6);
      Http.json(data); // each data line is one JSON document, whatever the prompt held
    }
    JsonObject record = Http.usageRecord(base(), "stream-1");
    assertEquals("messages", record.getString("endpoint"));
    assertEquals("ok", record.getString("outcome"));
  }

  @Test
  void badInputGetsAnthropicErrorsAndCountTokensIsNotRecorded() throws Exception {
    assertError(post("bad-1", "{\"model\":"), 400, "invalid_request_error", "invalid_json");
    assertError(post("bad-2", ""), 400, "invalid_request_error", "empty_body");
    assertError(
        post(
            "bad-3",
            "{\"model\":\"auto\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\0\"}]}"),
        400,
        "invalid_request_error",
        "invalid_json"); // a raw NUL byte is no JSON
    assertError(
        post("bad-4", "{\"model\":\"auto\",\"max_tokens\":5,\"messages\":{\"role\":\"user\"}}"),
        400,
        "invalid_request_error",
        "invalid_messages");
    assertError(
        post(
            "bad-5",
            "{\"model\":\"no\\u0000such\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
        404,
        "not_found_error",
        "model_not_found");
    HttpResponse<String> getMessages = Http.send(messages("bad-6").GET().build());
    assertError(getMessages, 405, "invalid_request_error", "method_not_allowed");

    // A cfk_ key is always checked, even where anonymous calls are allowed: x-api-key is read.
    HttpResponse<String> badKey =
        Http.send(
            messages("bad-7")
                .header("x-api-key", "cfk_not_a_real_key")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
    assertError(badKey, 401, "authentication_error", "invalid_api_key");

    HttpResponse<String> counted =
        Http.send(
            HttpRequest.newBuilder(base().resolve("v1/messages/count_tokens"))
                .timeout(Duration.ofSeconds(30))
                .header("X-Request-Id", "count-1")
                .header("anthropic-version", "2023-06-01")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                .build());
    assertEquals(200, counted.statusCode(), counted.body());
    assertTrue(Http.json(counted.body()).getInt("input_tokens") > 0);
    Http.usageRecord(base(), "bad-1"); // refusals are recorded; once this one is written...
    JsonArray records =
        Http.json(Http.admin(base().resolve("api/v1/usage")).body()).getJsonArray("records");
    assertFalse(
        records.stream()
            .map(JsonObject.class::cast)
            .anyMatch(r -> r.getString("request_id").equals("count-1")),
        "count_tokens left a usage record");
  }

  private HttpRequest.Builder messages(String requestId) {
    return HttpRequest.newBuilder(base().resolve("v1/messages"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("anthropic-version", "2023-06-01")
        .header("X-Request-Id", requestId);
  }

  private HttpResponse<String> post(String requestId, String body) throws Exception {
    return Http.send(messages(requestId).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static void assertError(
      HttpResponse<String> response, int status, String type, String code) {
    assertEquals(status, response.statusCode(), response.body());
    JsonObject body = Http.json(response.body());
    assertEquals("error", body.getString("type"), response.body());
    assertEquals(type, body.getJsonObject("error").getString("type"), response.body());
    assertTrue(
        body.getJsonObject("error").getString("message").startsWith(code + ": "), response.body());
    assertNotNull(response.headers().firstValue("request-id").orElse(null));
  }
}
