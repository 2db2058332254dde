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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The OpenAI Chat Completions protocol as OpenAI SDKs speak it, against the real WAR, including the
 * official OpenAI Node SDK itself.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpenAiCompatibilityIT {

  private static final String MESSAGES =
      "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
          + "{\"role\":\"user\",\"content\":\"What is a gateway?\"}]";

  @Deployment(testable = false)
  @TargetsContainer("simulated")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private URI uri(String path) {
    return GatewayDeployment.loopback(reported).resolve(path);
  }

  /** Sends like the OpenAI SDKs do: Accept: application/json even when streaming. */
  private SseCapture streamLikeAnSdk(String body) throws Exception {
    return SseCapture.send(
        HttpRequest.newBuilder(uri("v1/chat/completions"))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Authorization", "Bearer sk-anything")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        Duration.ofSeconds(30));
  }

  private static List<String> dataLines(SseCapture stream) {
    return stream.lines.stream()
        .map(SseCapture.Line::text)
        .filter(l -> l.startsWith("data: "))
        .map(l -> l.substring(6))
        .toList();
  }

  @Test
  void streamingResponseIsAValidChunkSequenceEndingWithDone() throws Exception {
    SseCapture stream =
        streamLikeAnSdk(
            "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},"
                + MESSAGES
                + "}");
    assertEquals(200, stream.status);
    assertTrue(
        stream.headers.firstValue("content-type").orElse("").startsWith("text/event-stream"));
    List<String> data = dataLines(stream);
    assertEquals("[DONE]", data.get(data.size() - 1));

    List<JsonObject> chunks = data.subList(0, data.size() - 1).stream().map(Http::json).toList();
    String id = chunks.get(0).getString("id");
    for (JsonObject chunk : chunks) {
      assertEquals("chat.completion.chunk", chunk.getString("object"));
      assertEquals(id, chunk.getString("id"));
      assertEquals("openai/gpt-4o-mini", chunk.getString("model"));
      // The provider's own fields, as OpenAI sends them on every chunk, pass on as they are.
      assertEquals("fp_cogniforge_sim", chunk.getString("system_fingerprint"), chunk.toString());
      assertEquals("default", chunk.getString("service_tier"));
    }
    assertEquals(
        "assistant",
        chunks
            .get(0)
            .getJsonArray("choices")
            .getJsonObject(0)
            .getJsonObject("delta")
            .getString("role"));
    JsonObject usageChunk = chunks.get(chunks.size() - 1);
    assertTrue(usageChunk.getJsonArray("choices").isEmpty());
    assertTrue(usageChunk.getJsonObject("usage").getInt("completion_tokens") > 0);
    assertTrue(
        usageChunk.getJsonObject("usage").getJsonNumber("cost").doubleValue() > 0,
        "the usage tells the cost, as OpenRouter's does");
    JsonObject finish = chunks.get(chunks.size() - 2).getJsonArray("choices").getJsonObject(0);
    assertEquals("stop", finish.getString("finish_reason"));

    String streamedText =
        chunks.stream()
            .flatMap(c -> c.getJsonArray("choices").getValuesAs(JsonObject.class).stream())
            .map(choice -> choice.getJsonObject("delta"))
            .filter(delta -> delta.containsKey("content"))
            .map(delta -> delta.getString("content"))
            .collect(Collectors.joining());

    // The same request without streaming gives the same (deterministic) text in one document.
    HttpResponse<String> whole =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"model\":\"openai/gpt-4o-mini\"," + MESSAGES + "}");
    assertEquals(200, whole.statusCode());
    JsonObject completion = Http.json(whole.body());
    assertEquals("chat.completion", completion.getString("object"));
    assertEquals("fp_cogniforge_sim", completion.getString("system_fingerprint"));
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertEquals(streamedText, choice.getJsonObject("message").getString("content"));
    assertEquals("assistant", choice.getJsonObject("message").getString("role"));
    assertEquals(usageChunk.getJsonObject("usage"), completion.getJsonObject("usage"));
    assertEquals(
        completion.getJsonObject("usage").getJsonNumber("cost").bigDecimalValue(),
        new java.math.BigDecimal(
            whole.headers().firstValue("x-cogniforge-cost-usd").orElseThrow()));
  }

  @Test
  void usageChunkOnlyWhenAskedFor() throws Exception {
    SseCapture stream = streamLikeAnSdk("{\"stream\":true,\"max_tokens\":3," + MESSAGES + "}");
    List<String> data = dataLines(stream);
    assertEquals("[DONE]", data.get(data.size() - 1));
    assertFalse(data.stream().anyMatch(d -> d.contains("\"usage\"")));
    JsonObject finish = Http.json(data.get(data.size() - 2));
    assertEquals(
        "length", finish.getJsonArray("choices").getJsonObject(0).getString("finish_reason"));
  }

  @Test
  void firstTokenIsFlushedBeforeTheStreamEnds() throws Exception {
    SseCapture stream =
        streamLikeAnSdk(
            "{\"stream\":true,\"sim_tokens\":10," + "\"sim_inter_token_ms\":80," + MESSAGES + "}");
    List<SseCapture.Line> data =
        stream.lines.stream().filter(l -> l.text().startsWith("data: ")).toList();
    long firstContent =
        data.stream()
            .filter(
                l -> l.text().contains("\"content\":\"") && !l.text().contains("\"content\":\"\""))
            .findFirst()
            .orElseThrow()
            .atNanos();
    long done = data.get(data.size() - 1).atNanos();
    assertTrue(
        (done - firstContent) / 1_000_000 >= 600,
        "first token only " + (done - firstContent) / 1_000_000 + " ms before [DONE]");
  }

  @Test
  void modelsListTheConfiguredModels() throws Exception {
    JsonObject models = Http.json(Http.get(uri("v1/models")).body());
    assertEquals("list", models.getString("object"));
    List<String> ids =
        models.getJsonArray("data").getValuesAs(JsonObject.class).stream()
            .map(m -> m.getString("id"))
            .toList();
    assertTrue(
        ids.containsAll(
            List.of(
                "auto",
                "openai/gpt-4o-mini",
                "anthropic/claude-3.5-sonnet",
                "anthropic/claude-3-opus")),
        ids.toString());
  }

  @Test
  void errorsUseTheOpenAiShapeAndStatus() throws Exception {
    HttpResponse<String> unknown =
        Http.post(
            uri("v1/chat/completions"),
            "application/json",
            "{\"model\":\"gpt-9-ultra\",\"stream\":true," + MESSAGES + "}");
    assertEquals(404, unknown.statusCode());
    JsonObject error = Http.json(unknown.body()).getJsonObject("error");
    assertEquals("model_not_found", error.getString("code"));
    assertEquals("not_found_error", error.getString("type"));
    assertTrue(error.getString("message").contains("gpt-9-ultra"));

    HttpResponse<String> wrongMethod = Http.get(uri("v1/chat/completions"));
    assertEquals(405, wrongMethod.statusCode());
    assertEquals(
        "method_not_allowed",
        Http.json(wrongMethod.body()).getJsonObject("error").getString("code"));
  }

  @Test
  void everyRequestLeavesOneUsageRecordExportableAsCsv() throws Exception {
    HttpResponse<String> ok =
        Http.send(
            HttpRequest.newBuilder(uri("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "csv-check-1")
                .POST(HttpRequest.BodyPublishers.ofString("{" + MESSAGES + "}"))
                .build());
    assertEquals(200, ok.statusCode());
    HttpResponse<String> rejected =
        Http.send(
            HttpRequest.newBuilder(uri("v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", "csv-check-2")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[]}"))
                .build());
    assertEquals(400, rejected.statusCode());

    JsonObject okRecord = Http.usageRecord(GatewayDeployment.loopback(reported), "csv-check-1");
    assertEquals("chat.completions", okRecord.getString("endpoint"));
    assertFalse(okRecord.getBoolean("streamed"));
    assertEquals("ok", okRecord.getString("outcome"));
    JsonObject rejectedRecord =
        Http.usageRecord(GatewayDeployment.loopback(reported), "csv-check-2");
    assertEquals("rejected", rejectedRecord.getString("outcome"));
    assertEquals("invalid_messages", rejectedRecord.getString("error_code"));

    HttpResponse<String> csv = Http.admin(uri("api/v1/usage?format=csv"));
    assertEquals(200, csv.statusCode());
    assertTrue(csv.headers().firstValue("content-type").orElse("").startsWith("text/csv"));
    List<String> rows = csv.body().lines().toList();
    int columns = rows.get(0).split(",").length;
    assertEquals(24, columns); // cached_prompt_tokens, reasoning_tokens, cache_write_tokens last
    String okRow = rows.stream().filter(r -> r.contains(",csv-check-1,")).findFirst().orElseThrow();
    assertEquals(columns, okRow.split(",", -1).length);
    assertTrue(okRow.contains(",ok,"), okRow);
    assertTrue(
        rows.stream().anyMatch(r -> r.contains(",csv-check-2,") && r.contains(",rejected,")));

    HttpResponse<String> badRange = Http.admin(uri("api/v1/usage?from=yesterday"));
    assertEquals(400, badRange.statusCode());
  }

  /** Needs node and npm ci in src/test/sdk (scripts/test does both). */
  @Test
  void officialSdkStreamsCompletesListsModelsAndRaisesErrors() throws Exception {
    File sdkDir = new File("src/test/sdk");
    assertTrue(
        new File(sdkDir, "node_modules/openai").isDirectory(),
        "the OpenAI SDK is not installed: run npm ci --prefix src/test/sdk (scripts/test does)");
    Process node =
        new ProcessBuilder(
                "node",
                "sdk-check.mjs",
                GatewayDeployment.loopback(reported).resolve("v1").toString())
            .directory(sdkDir)
            .redirectErrorStream(true)
            .start();
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "SDK check did not finish in 60 s");
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, node.exitValue(), output);

    JsonObject seen = Http.json(output.lines().reduce((a, b) -> b).orElseThrow());
    assertFalse(seen.getString("streamedText").isBlank());
    assertEquals(seen.getString("wholeText"), seen.getString("streamedText"));
    assertEquals("stop", seen.getString("finishReason"));
    assertTrue(seen.getInt("chunks") > 3);
    assertEquals(seen.getJsonObject("wholeUsage"), seen.getJsonObject("usage"));
    assertTrue(seen.getJsonArray("models").toString().contains("\"auto\""));
    JsonObject error = seen.getJsonObject("error");
    assertEquals(404, error.getInt("status"));
    assertEquals("model_not_found", error.getString("code"));
  }
}
