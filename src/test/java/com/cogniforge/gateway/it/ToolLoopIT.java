package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tool loops (call, tool result, final text quoting it) through the official OpenAI SDKs, Node and
 * Java, against the gateway and its simulated provider, streamed and not.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ToolLoopIT {

  private static final String MODEL = "openai/gpt-4o-mini";

  @Deployment(testable = false)
  @TargetsContainer("simulated")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  /** Needs node and npm ci in src/test/sdk (scripts/test does both). */
  @Test
  void nodeSdkRunsStreamedAndWholeToolLoopsReasoningAndImages() throws Exception {
    File sdkDir = new File("src/test/sdk");
    assertTrue(
        new File(sdkDir, "node_modules/openai").isDirectory(),
        "the OpenAI SDK is not installed: run npm ci --prefix src/test/sdk (scripts/test does)");
    Process node =
        new ProcessBuilder(
                "node",
                "sdk-tools.mjs",
                GatewayDeployment.loopback(reported).resolve("v1").toString())
            .directory(sdkDir)
            .redirectErrorStream(true)
            .start();
    assertTrue(node.waitFor(90, TimeUnit.SECONDS), "SDK tool loop did not finish in 90 s");
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, node.exitValue(), output);
    JsonObject seen = Http.json(output.lines().reduce((a, b) -> b).orElseThrow());

    JsonArray streamedCalls = seen.getJsonArray("streamedCalls");
    assertEquals(2, streamedCalls.size(), "two parallel calls: " + seen);
    assertEquals("get_weather", streamedCalls.getJsonObject(0).getString("name"));
    assertEquals("get_time", streamedCalls.getJsonObject(1).getString("name"));
    assertEquals(
        "{\"city\":\"What is the weather in P\"}",
        streamedCalls.getJsonObject(0).getString("arguments"));
    assertEquals("tool_calls", seen.getString("streamedFinish"));
    assertTrue(
        seen.getString("streamedAnswer").startsWith("The tool returned \"sunny, result of get_"),
        seen.getString("streamedAnswer"));

    JsonArray wholeCalls = seen.getJsonArray("wholeCalls");
    assertEquals(1, wholeCalls.size(), "parallel_tool_calls false: one call");
    assertEquals("tool_calls", seen.getString("wholeFinish"));
    assertEquals(
        streamedCalls.getJsonObject(0).getString("arguments"),
        wholeCalls.getJsonObject(0).getString("arguments"));
    assertTrue(
        seen.getString("wholeAnswer").startsWith("The tool returned \"18 degrees\". "),
        seen.getString("wholeAnswer"));

    assertEquals(4, seen.getString("reasoning").strip().split("\\s+").length, seen.toString());
    assertTrue(seen.getString("text").startsWith("I see 1 image. "), seen.getString("text"));
  }

  private static ChatCompletionFunctionTool tool(String name, String property) {
    return ChatCompletionFunctionTool.builder()
        .function(
            FunctionDefinition.builder()
                .name(name)
                .parameters(
                    FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty(
                            "properties",
                            JsonValue.from(Map.of(property, Map.of("type", "string"))))
                        .build())
                .build())
        .build();
  }

  private ChatCompletionCreateParams.Builder question() {
    return ChatCompletionCreateParams.builder()
        .model(MODEL)
        .addUserMessage("What is the weather in Paris?")
        .addTool(tool("get_weather", "city"))
        .addTool(tool("get_time", "zone"))
        .putAdditionalBodyProperty("cache", JsonValue.from(false));
  }

  private static List<ChatCompletionMessageFunctionToolCall> functionCalls(
      ChatCompletionMessage message) {
    return message.toolCalls().orElseThrow().stream()
        .map(ChatCompletionMessageToolCall::asFunction)
        .toList();
  }

  @Test
  void javaSdkRunsAStreamedToolLoopWithParallelCalls() {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(GatewayDeployment.loopback(reported).resolve("v1").toString())
            .apiKey("sk-not-needed")
            .maxRetries(0)
            .build();
    try {
      ChatCompletionCreateParams.Builder first = question();
      ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
      try (StreamResponse<ChatCompletionChunk> stream =
          client.chat().completions().createStreaming(first.build())) {
        stream.stream().forEach(accumulator::accumulate);
      }
      ChatCompletion called = accumulator.chatCompletion();
      assertEquals(
          ChatCompletion.Choice.FinishReason.TOOL_CALLS, called.choices().get(0).finishReason());
      ChatCompletionMessage message = called.choices().get(0).message();
      List<ChatCompletionMessageFunctionToolCall> calls = functionCalls(message);
      assertEquals(2, calls.size());
      assertEquals("get_weather", calls.get(0).function().name());
      assertEquals("{\"city\":\"What is the weather in P\"}", calls.get(0).function().arguments());
      assertEquals("get_time", calls.get(1).function().name());
      assertFalse(calls.get(0).id().equals(calls.get(1).id()));

      ChatCompletionCreateParams.Builder second = question().addMessage(message);
      for (ChatCompletionMessageFunctionToolCall call : calls) {
        second.addMessage(
            ChatCompletionToolMessageParam.builder()
                .toolCallId(call.id())
                .content("cloudy from " + call.function().name())
                .build());
      }
      ChatCompletionAccumulator answer = ChatCompletionAccumulator.create();
      try (StreamResponse<ChatCompletionChunk> stream =
          client.chat().completions().createStreaming(second.build())) {
        stream.stream().forEach(answer::accumulate);
      }
      String text = answer.chatCompletion().choices().get(0).message().content().orElseThrow();
      assertTrue(text.startsWith("The tool returned \"cloudy from get_time\". "), text);
    } finally {
      client.close();
    }
  }

  @Test
  void javaSdkRunsANonStreamedToolLoop() {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(GatewayDeployment.loopback(reported).resolve("v1").toString())
            .apiKey("sk-not-needed")
            .maxRetries(0)
            .build();
    try {
      ChatCompletion called =
          client.chat().completions().create(question().parallelToolCalls(false).build());
      ChatCompletionMessage message = called.choices().get(0).message();
      List<ChatCompletionMessageFunctionToolCall> calls = functionCalls(message);
      assertEquals(1, calls.size());
      assertEquals("get_weather", calls.get(0).function().name());

      ChatCompletion answered =
          client
              .chat()
              .completions()
              .create(
                  question()
                      .addMessage(message)
                      .addMessage(
                          ChatCompletionToolMessageParam.builder()
                              .toolCallId(calls.get(0).id())
                              .content("21 degrees")
                              .build())
                      .build());
      String text = answered.choices().get(0).message().content().orElseThrow();
      assertTrue(text.startsWith("The tool returned \"21 degrees\". "), text);
      assertEquals(
          ChatCompletion.Choice.FinishReason.STOP, answered.choices().get(0).finishReason());
    } finally {
      client.close();
    }
  }
}
