package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * The one client for every OpenAI-compatible provider (OpenRouter, vLLM, Ollama, llama.cpp, the
 * simulated provider): JDK {@link HttpClient}, non-blocking, one shared connection pool.
 */
@ApplicationScoped
public class UpstreamClient {

  @Inject GatewaySettings settings;
  @Inject GatewayExecutors executors;

  private HttpClient http;

  @PostConstruct
  void start() {
    http =
        HttpClient.newBuilder()
            // Plain HTTP/1.1: no h2c upgrade round trip on loopback, one stream per connection.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .executor(executors.relay())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Starts a streaming chat completion; what it produces goes to {@code listener}. */
  public UpstreamCall stream(
      ProviderEndpoint endpoint, String model, ChatRequest request, UpstreamListener listener) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint.chatCompletionsUri())
            .timeout(settings.firstTokenTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .header("X-Title", "CogniForge Stream Gateway")
            .POST(HttpRequest.BodyPublishers.ofString(requestBody(model, request)));
    endpoint.apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    UpstreamCall call =
        new UpstreamCall(listener, settings.firstTokenTimeout(), settings.idleTimeout());
    call.start(http, builder.build(), executors.timers());
    return call;
  }

  /** The client's options pass through; the fields the gateway owns are set here. */
  static String requestBody(String model, ChatRequest request) {
    JsonObjectBuilder body = JsonText.BUILDERS.createObjectBuilder(request.options());
    JsonArrayBuilder messages = JsonText.BUILDERS.createArrayBuilder();
    for (ChatMessage message : request.messages()) {
      messages.add(message.json()); // as the client wrote it
    }
    body.add("model", model)
        .add("messages", messages)
        .add("stream", true)
        .add("stream_options", JsonText.BUILDERS.createObjectBuilder().add("include_usage", true));
    if (request.maxTokens() != null) {
      // Always set after admission: the cap the budget reserved for, so no call can cost more.
      body.add(request.maxTokensField(), request.maxTokens());
    }
    return JsonText.write(body.build());
  }
}
