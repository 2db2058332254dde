package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.net.URL;
import java.time.Duration;
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
 * LangChain4j's OpenAI models (as agent frameworks on the JVM use them) run a tool loop through the
 * gateway and its simulated provider: the model calls the tool, the tool's result goes back, and
 * the final answer quotes it; streamed and not.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LangChain4jToolLoopIT {

  private static final String MODEL = "openai/gpt-4o-mini";
  private static final String RESULT = "sunny, 21 degrees";

  @Deployment(testable = false)
  @TargetsContainer("simulated")
  static WebArchive deployment() {
    return GatewayDeployment.war();
  }

  @ArquillianResource URL reported;

  private String baseUrl() {
    return GatewayDeployment.loopback(reported).resolve("v1").toString();
  }

  private static final ToolSpecification WEATHER =
      ToolSpecification.builder()
          .name("get_weather")
          .description("The weather in a city now")
          .parameters(JsonObjectSchema.builder().addStringProperty("city").required("city").build())
          .build();

  private static ChatRequest ask(dev.langchain4j.data.message.ChatMessage... messages) {
    return ChatRequest.builder().messages(messages).toolSpecifications(WEATHER).build();
  }

  @Test
  void aWholeToolLoopQuotesTheToolsResult() {
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(baseUrl())
            .apiKey("unused")
            .modelName(MODEL)
            .timeout(Duration.ofSeconds(30))
            .build();
    UserMessage question = UserMessage.from("What is the weather in Paris?");
    AiMessage call = model.chat(ask(question)).aiMessage();
    assertTrue(call.hasToolExecutionRequests(), "the model calls the tool: " + call);
    ToolExecutionRequest request = call.toolExecutionRequests().get(0);
    assertEquals("get_weather", request.name());
    assertTrue(request.arguments().contains("city"), request.arguments());

    ChatResponse answer =
        model.chat(ask(question, call, ToolExecutionResultMessage.from(request, RESULT)));
    assertTrue(answer.aiMessage().text().contains(RESULT), answer.aiMessage().text());
  }

  @Test
  void aStreamedToolLoopQuotesTheToolsResult() throws Exception {
    OpenAiStreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl())
            .apiKey("unused")
            .modelName(MODEL)
            .timeout(Duration.ofSeconds(30))
            .build();
    UserMessage question = UserMessage.from("What is the weather in Paris?");
    AiMessage call = stream(model, ask(question)).aiMessage();
    assertTrue(call.hasToolExecutionRequests(), "the streamed call is assembled: " + call);
    ToolExecutionRequest request = call.toolExecutionRequests().get(0);
    assertEquals("get_weather", request.name());
    assertTrue(request.arguments().contains("city"), request.arguments());

    ChatResponse answer =
        stream(model, ask(question, call, ToolExecutionResultMessage.from(request, RESULT)));
    assertTrue(answer.aiMessage().text().contains(RESULT), answer.aiMessage().text());
  }

  private static ChatResponse stream(OpenAiStreamingChatModel model, ChatRequest request)
      throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        request,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partialResponse) {}

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    return done.get(60, TimeUnit.SECONDS);
  }
}
