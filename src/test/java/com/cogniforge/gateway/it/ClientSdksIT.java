package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.completions.CompletionUsage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * Agent frameworks and SDKs beyond tool calls, through the gateway and its simulated provider: the
 * Vercel AI SDK and LangChain JS (tool loops, structured output, reasoning, images, usage), and the
 * official OpenAI Java SDK and LangChain4j for images, reasoning and JSON-schema output. ToolLoopIT
 * and LangChain4jToolLoopIT cover the JVM tool loops.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClientSdksIT {

  private static final String MODEL = "openai/gpt-4o-mini";

  /** A model the catalogue says reasons: reasoning_effort is refused for gpt-4o-mini. */
  private static final String REASONING_MODEL = "openai/o4-mini";

  private static final String PNG = "data:image/png;base64,iVBORw0KGgo=";

  @Deployment(testable = false)
  @TargetsContainer("simulated")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private String baseUrl() {
    return GatewayDeployment.loopback(reported).resolve("v1").toString();
  }

  /** Runs a script of src/test/sdk against the gateway; returns the JSON line it printed last. */
  private JsonObject node(String script, String sdkPackage) throws Exception {
    File sdkDir = new File("src/test/sdk");
    assertTrue(
        new File(sdkDir, "node_modules/" + sdkPackage).isDirectory(),
        sdkPackage + " is not installed: run npm ci --prefix src/test/sdk (scripts/test does)");
    Process node =
        new ProcessBuilder("node", script, baseUrl())
            .directory(sdkDir)
            .redirectErrorStream(true)
            .start();
    byte[] output = node.getInputStream().readAllBytes();
    assertTrue(node.waitFor(90, TimeUnit.SECONDS), script + " did not finish in 90 s");
    String text = new String(output, StandardCharsets.UTF_8);
    assertEquals(0, node.exitValue(), text);
    return Http.json(text.lines().reduce((a, b) -> b).orElseThrow());
  }

  private static int number(JsonObject object, String name) {
    return object.get(name) instanceof JsonNumber n ? n.intValue() : -1;
  }

  @Test
  void vercelAiSdkRunsAToolLoopStructuredOutputReasoningAndAnImage() throws Exception {
    JsonObject seen = node("sdk-vercel-ai.mjs", "@ai-sdk/openai-compatible");

    // streamText with a tool and stopWhen: call, the SDK executes it, the answer quotes it.
    JsonArray calls = seen.getJsonArray("toolCalls");
    assertEquals(1, calls.size(), seen.toString());
    assertEquals("get_weather", calls.getJsonObject(0).getString("name"));
    assertEquals(
        "What is the weather in P",
        calls.getJsonObject(0).getJsonObject("input").getString("city"),
        "arguments streamed in fragments arrive whole");
    assertEquals(List.of("What is the weather in P"), strings(seen.getJsonArray("executed")));
    assertEquals(2, number(seen, "steps"));
    assertEquals(List.of("tool-calls", "stop"), strings(seen.getJsonArray("stepFinishes")));
    assertTrue(
        seen.getString("loopText").startsWith("The tool returned \"rainy in P\". "),
        seen.getString("loopText"));
    JsonObject loopUsage = seen.getJsonObject("loopUsage");
    assertTrue(number(loopUsage, "input") > 0 && number(loopUsage, "output") > 0, seen.toString());

    // Two tools: two parallel calls from interleaved fragments, both run, one more step.
    JsonArray parallel = seen.getJsonArray("parallelCalls");
    assertEquals(2, parallel.size(), seen.toString());
    assertEquals("get_weather", parallel.getJsonObject(0).getString("name"));
    assertEquals(
        "Weather and time in Oslo",
        parallel.getJsonObject(0).getJsonObject("input").getString("city"));
    assertEquals("get_time", parallel.getJsonObject(1).getString("name"));
    assertEquals(
        "Weather and time in Oslo",
        parallel.getJsonObject(1).getJsonObject("input").getString("zone"));
    assertEquals(2, number(seen, "parallelSteps"));
    assertTrue(
        seen.getString("parallelText").startsWith("The tool returned \"noon in Weather and time"),
        seen.getString("parallelText"));

    // Output.object with a JSON schema: response_format json_schema, parsed and validated; whole
    // and streamed.
    for (String name : List.of("object", "streamedObject")) {
      JsonObject object = seen.getJsonObject(name);
      assertFalse(object.getString("answer").isBlank(), seen.toString());
      assertEquals(1, number(object, "confidence"), seen.toString());
      assertEquals("calm", object.getString("mood"), seen.toString());
    }
    assertTrue(number(seen.getJsonObject("objectUsage"), "output") > 1, seen.toString());

    // Reasoning deltas before the text, the image acknowledged, usage with details and cost.
    assertEquals(5, seen.getString("reasoning").strip().split("\\s+").length, seen.toString());
    assertTrue(seen.getString("text").startsWith("I see 1 image. "), seen.getString("text"));
    JsonObject usage = seen.getJsonObject("usage");
    assertTrue(number(usage, "input") > 0 && number(usage, "output") > 5, usage.toString());
    assertEquals(5, number(usage, "reasoning"), usage.toString());
    assertTrue(
        usage.getJsonObject("raw").getJsonNumber("cost").doubleValue() > 0,
        "the gateway's usage.cost reaches the SDK's raw usage: " + usage);
  }

  @Test
  void langChainJsRunsToolLoopsStructuredOutputAndStreamsReasoning() throws Exception {
    JsonObject seen = node("sdk-langchain.mjs", "@langchain/openai");

    JsonObject call = seen.getJsonObject("call");
    assertEquals("get_weather", call.getString("name"));
    assertEquals("What is the weather in P", call.getJsonObject("args").getString("city"));
    assertTrue(call.getString("id").startsWith("call_"), call.toString());
    assertTrue(
        seen.getString("answer").startsWith("The tool returned \"windy, 12 degrees\". "),
        seen.getString("answer"));
    assertTrue(number(seen.getJsonObject("wholeUsage"), "output_tokens") > 0, seen.toString());

    JsonObject streamedCall = seen.getJsonObject("streamedCall");
    assertEquals("get_weather", streamedCall.getString("name"));
    assertEquals(
        "What is the weather in P",
        streamedCall.getJsonObject("args").getString("city"),
        "streamed fragments concatenate into whole arguments");
    assertTrue(
        seen.getString("streamedAnswer").startsWith("The tool returned \"foggy, 9 degrees\". "),
        seen.getString("streamedAnswer"));

    JsonArray parallel = seen.getJsonArray("parallelCalls");
    assertEquals(2, parallel.size(), "two interleaved streamed calls merged by index: " + seen);
    assertEquals("get_weather", parallel.getJsonObject(0).getString("name"));
    assertEquals("get_time", parallel.getJsonObject(1).getString("name"));
    assertEquals(
        "What is the weather in P",
        parallel.getJsonObject(1).getJsonObject("args").getString("zone"));
    assertFalse(
        parallel
            .getJsonObject(0)
            .getString("id")
            .equals(parallel.getJsonObject(1).getString("id")));
    assertTrue(
        seen.getString("parallelAnswer").startsWith("The tool returned \"get_time done\". "),
        seen.getString("parallelAnswer"));

    assertFalse(seen.getJsonObject("summary").getString("answer").isBlank(), seen.toString());
    assertEquals(1, number(seen.getJsonObject("summary"), "confidence"), seen.toString());

    assertEquals(5, seen.getString("reasoning").strip().split("\\s+").length, seen.toString());
    assertTrue(seen.getString("text").startsWith("I see 1 image. "), seen.getString("text"));
    JsonObject usage = seen.getJsonObject("usage");
    assertTrue(
        number(usage, "input_tokens") > 0 && number(usage, "output_tokens") > 5, usage.toString());
    assertEquals(
        5,
        number(usage.getJsonObject("output_token_details"), "reasoning"),
        "reasoning tokens reach usage_metadata: " + usage);
  }

  private static List<String> strings(JsonArray array) {
    return array.getValuesAs(jakarta.json.JsonString.class).stream()
        .map(jakarta.json.JsonString::getString)
        .toList();
  }

  private OpenAIClient openAi() {
    return OpenAIOkHttpClient.builder()
        .baseUrl(baseUrl())
        .apiKey("sk-not-needed")
        .maxRetries(0)
        .build();
  }

  @Test
  void javaSdkStreamsReasoningAndAnImageWithUsageDetailsAndCost() {
    OpenAIClient client = openAi();
    try {
      ChatCompletionCreateParams params =
          ChatCompletionCreateParams.builder()
              .model(REASONING_MODEL)
              .addUserMessageOfArrayOfContentParts(
                  List.of(
                      ChatCompletionContentPart.ofText(
                          ChatCompletionContentPartText.builder()
                              .text("What is in this picture?")
                              .build()),
                      ChatCompletionContentPart.ofImageUrl(
                          ChatCompletionContentPartImage.builder()
                              .imageUrl(
                                  ChatCompletionContentPartImage.ImageUrl.builder()
                                      .url(PNG)
                                      .build())
                              .build())))
              .reasoningEffort(ReasoningEffort.LOW)
              .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
              .putAdditionalBodyProperty("sim_reasoning_tokens", JsonValue.from(4))
              .putAdditionalBodyProperty("cache", JsonValue.from(false))
              .build();
      ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
      StringBuilder reasoning = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> stream =
          client.chat().completions().createStreaming(params)) {
        stream.stream()
            .forEach(
                chunk -> {
                  accumulator.accumulate(chunk);
                  for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    JsonValue part =
                        choice.delta()._additionalProperties().get("reasoning_content");
                    if (part != null) {
                      reasoning.append(part.asString().orElse(""));
                    }
                  }
                });
      }
      assertEquals(4, reasoning.toString().strip().split("\\s+").length, reasoning.toString());
      ChatCompletion whole = accumulator.chatCompletion();
      String text = whole.choices().get(0).message().content().orElseThrow();
      assertTrue(text.startsWith("I see 1 image. "), text);
      assertEquals(REASONING_MODEL, whole.model());

      CompletionUsage usage = whole.usage().orElseThrow();
      assertTrue(usage.promptTokens() > 0 && usage.completionTokens() > 4, usage.toString());
      assertEquals(
          4L,
          usage.completionTokensDetails().orElseThrow().reasoningTokens().orElseThrow(),
          usage.toString());
      JsonValue cost = usage._additionalProperties().get("cost");
      assertTrue(cost != null && cost.convert(Double.class) > 0, "usage.cost: " + usage);
    } finally {
      client.close();
    }
  }

  /** What the Java SDK derives a JSON schema from and parses the answer into. */
  public static final class Summary {
    public String answer;
    public int confidence;
    public boolean verified;
  }

  @Test
  void javaSdkParsesAJsonSchemaAnswerIntoAClass() {
    OpenAIClient client = openAi();
    try {
      StructuredChatCompletion<Summary> completion =
          client
              .chat()
              .completions()
              .create(
                  ChatCompletionCreateParams.builder()
                      .model(MODEL)
                      .addUserMessage("Summarise the news in one sentence.")
                      .responseFormat(Summary.class)
                      .putAdditionalBodyProperty("cache", JsonValue.from(false))
                      .build());
      Summary summary = completion.choices().get(0).message().content().orElseThrow();
      assertTrue(summary.answer != null && !summary.answer.isBlank(), String.valueOf(summary));
      assertEquals(1, summary.confidence);
      assertTrue(summary.verified);
      CompletionUsage usage = completion.usage().orElseThrow();
      assertTrue(usage.completionTokens() > 1, usage.toString());
    } finally {
      client.close();
    }
  }

  @Test
  void langChain4jParsesAJsonSchemaAnswer() {
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl())
            .apiKey("unused")
            .modelName(MODEL)
            .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
            .strictJsonSchema(true)
            .customParameters(Map.of("cache", false))
            .timeout(Duration.ofSeconds(30))
            .build();
    ChatResponse response =
        model.chat(
            ChatRequest.builder()
                .messages(UserMessage.from("Summarise the news in one sentence."))
                .responseFormat(
                    ResponseFormat.builder()
                        .type(ResponseFormatType.JSON)
                        .jsonSchema(
                            JsonSchema.builder()
                                .name("summary")
                                .rootElement(
                                    JsonObjectSchema.builder()
                                        .addStringProperty("answer")
                                        .addIntegerProperty("confidence")
                                        .required("answer", "confidence")
                                        .additionalProperties(false)
                                        .build())
                                .build())
                        .build())
                .build());
    JsonObject parsed = Http.json(response.aiMessage().text());
    assertFalse(parsed.getString("answer").isBlank(), parsed.toString());
    assertEquals(1, parsed.getInt("confidence"), parsed.toString());
    assertTrue(response.tokenUsage().outputTokenCount() > 1, response.tokenUsage().toString());
  }

  @Test
  void langChain4jStreamsThinkingForAnImage() throws Exception {
    OpenAiStreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl())
            .apiKey("unused")
            .modelName(REASONING_MODEL)
            .reasoningEffort("low")
            .returnThinking(true)
            .customParameters(Map.of("cache", false, "sim_reasoning_tokens", 3))
            .timeout(Duration.ofSeconds(30))
            .build();
    StringBuilder thinking = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        List.of(
            UserMessage.from(
                TextContent.from("What is in this picture?"),
                ImageContent.from("iVBORw0KGgo=", "image/png"))),
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partialResponse) {}

          @Override
          public void onPartialThinking(PartialThinking partialThinking) {
            thinking.append(partialThinking.text());
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    ChatResponse response = done.get(60, TimeUnit.SECONDS);
    assertEquals(3, thinking.toString().strip().split("\\s+").length, thinking.toString());
    assertEquals(thinking.toString(), response.aiMessage().thinking());
    assertTrue(
        response.aiMessage().text().startsWith("I see 1 image. "), response.aiMessage().text());
    OpenAiTokenUsage usage = (OpenAiTokenUsage) response.tokenUsage();
    assertEquals(3, usage.outputTokensDetails().reasoningTokens(), usage.toString());
  }
}
