package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad, odd and huge input: a clear 4xx JSON error or correct handling, never a 500 or a hang. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BadInputIT {

  @Deployment(testable = false)
  @TargetsContainer("simulated")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI uri(String path) {
    return GatewayDeployment.loopback(reported).resolve(path);
  }

  private static void assertJsonError(HttpResponse<String> response, int status, String code) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("content-type").orElse("").startsWith("application/json"),
        response.headers().toString());
    assertEquals(code, Http.json(response.body()).getJsonObject("error").getString("code"));
  }

  @ParameterizedTest(name = "native POST {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|400|empty_body",
        "{|400|invalid_json",
        "{\"q\": \"x\"} tail|400|invalid_json",
        "[\"q\"]|400|invalid_json",
        "{\"q\": 42}|400|invalid_q",
        "{\"q\": \"   \"}|400|missing_prompt",
        "{\"messages\": \"hi\"}|400|invalid_messages",
        "{\"messages\": [{\"role\": \"user\"}]}|400|empty_prompt",
        "{\"q\": \"x\", \"model\": [1]}|400|invalid_model",
        "{\"q\": \"x\", \"model\": \"no/such-model\"}|404|model_not_found",
        "{\"q\": \"x\", \"max_tokens\": -1}|400|invalid_max_tokens",
        "{\"q\": \"x\", \"temperature\": \"warm\"}|400|invalid_temperature"
      })
  void nativeEndpointRejectsBadBodies(String body, int status, String code) throws Exception {
    assertJsonError(Http.post(uri("api/v1/stream/chat"), "application/json", body), status, code);
  }

  @ParameterizedTest(name = "OpenAI POST {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|400|empty_body",
        "not json|400|invalid_json",
        "{\"model\": \"auto\"}|400|missing_messages",
        "{\"messages\": [{\"role\": 1, \"content\": \"x\"}]}|400|invalid_messages",
        "{\"stream\": 1, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}|400|invalid_stream",
        "{\"n\": 3, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}|400|unsupported_n",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}, {\"role\": \"tool\", \"content\": \"1\"}]}|400|invalid_messages",
        "{\"tools\": {}, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}|400|invalid_tools",
        "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"video\"}]}]}|400|unsupported_content",
        "{\"models\": [\"a/b\"], \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}|400|option_not_allowed",
        "{\"provider\": {\"order\": [\"x\"]}, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}|400|option_not_allowed"
      })
  void openAiEndpointRejectsBadBodies(String body, int status, String code) throws Exception {
    assertJsonError(Http.post(uri("v1/chat/completions"), "application/json", body), status, code);
  }

  @Test
  void missingAndEmptyQueryAreRejected() throws Exception {
    assertJsonError(Http.get(uri("api/v1/stream/chat")), 400, "missing_prompt");
    assertJsonError(Http.get(uri("api/v1/stream/chat?q=")), 400, "missing_prompt");
    assertJsonError(
        Http.get(uri("api/v1/stream/chat?q=hi&max_tokens=lots")), 400, "invalid_max_tokens");
  }

  @Test
  void invalidUtf8IsRejected() throws Exception {
    HttpResponse<String> response =
        Http.send(
            HttpRequest.newBuilder(uri("api/v1/stream/chat"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'{', '"', 'q', '"', ':', '"', (byte) 0xFF, '"', '}'}))
                .build());
    assertJsonError(response, 400, "invalid_encoding");
  }

  @Test
  void aHalfMegabytePromptIsStreamedCorrectly() throws Exception {
    // About 112,000 tokens: within FAST's model's 128K context window (the model catalogue).
    String prompt = "word ".repeat(90_000);
    SseCapture stream =
        SseCapture.post(uri("api/v1/stream/chat"), "{\"q\":\"" + prompt + "\",\"max_tokens\":5}");
    assertEquals(200, stream.status);
    JsonObject done = Http.json(stream.events("done").get(0).data());
    assertTrue(done.getJsonObject("usage").getInt("prompt_tokens") > 90_000);
    assertEquals(5, stream.events("token").size());
  }

  @Test
  void aMegabytePromptNoConfiguredModelCanHoldIsRefusedBeforeAnyCall() throws Exception {
    // About 250,000 tokens: more than any default tier's model holds (128K and 200K windows).
    String prompt = "word ".repeat(200_000);
    assertJsonError(
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}"),
        400,
        "context_length_exceeded");
  }

  @Test
  void aBodyOverTheLimitGets413() throws Exception {
    String prompt = "x".repeat(5 * 1024 * 1024); // over the 4 MiB default
    assertJsonError(
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}"),
        413,
        "request_too_large");
  }

  @Test
  void aMegabyteQueryStringIsRefusedWithoutA500() throws Exception {
    String prompt = URLEncoder.encode("word ".repeat(200_000), StandardCharsets.UTF_8);
    HttpResponse<String> response;
    try {
      response = Http.get(uri("api/v1/stream/chat?q=" + prompt));
    } catch (java.io.IOException closedByServer) {
      return; // the HTTP layer may just close a request whose head is this large: also no 500
    }
    assertTrue(
        response.statusCode() >= 400 && response.statusCode() < 500,
        "status " + response.statusCode());
  }

  @Test
  void controlCharactersAndArabicAreRelayedAsText() throws Exception {
    SseCapture stream =
        SseCapture.post(
            uri("api/v1/stream/chat"),
            "{\"q\":\"\\u0000\\u0007 \\u202e مرحبا <script>alert(1)</script>\",\"max_tokens\":4}");
    assertEquals(200, stream.status);
    assertEquals(4, stream.events("token").size());
    assertEquals(1, stream.events("done").size());
    // Every data line is one JSON document: control characters never break the SSE framing.
    for (SseCapture.Event event : stream.events()) {
      if (!event.name().equals("comment")) {
        Http.json(event.data());
      }
    }
  }

  @Test
  void unknownPathsAndMethodsGetJsonErrors() throws Exception {
    assertJsonError(Http.get(uri("api/v1/nothing-here")), 404, "not_found");
    assertJsonError(
        Http.send(
            HttpRequest.newBuilder(uri("v1/models"))
                .DELETE()
                .timeout(Duration.ofSeconds(10))
                .build()),
        405,
        "method_not_allowed");
  }
}
