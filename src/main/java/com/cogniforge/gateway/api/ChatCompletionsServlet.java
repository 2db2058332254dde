package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.GatewayExecutors;
import com.cogniforge.gateway.admission.Admission;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.http.RequestBodies;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.ChatStream;
import com.cogniforge.gateway.relay.RequestInfo;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/chat/completions}, the OpenAI Chat Completions protocol, streaming and not, so
 * OpenAI SDKs work unchanged with {@code baseURL=http://host:port/v1}.
 *
 * <p>A servlet rather than a JAX-RS resource because one URL must answer either an event stream or
 * one JSON document depending on the body's {@code stream} field, while OpenAI SDKs send {@code
 * Accept: application/json} in both cases; Servlet non-blocking I/O serves both without holding a
 * thread per stream.
 */
@WebServlet(urlPatterns = "/v1/chat/completions", asyncSupported = true)
public class ChatCompletionsServlet extends HttpServlet {

  @Inject Admission admission;
  @Inject GatewaySettings settings;
  @Inject GatewayExecutors executors;

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    RequestInfo info = RequestInfo.of(request, RequestInfo.OPENAI);
    response.setHeader("X-Request-Id", info.requestId());
    ChatInput input;
    try {
      input =
          ChatInputParser.fromOpenAiBody(
              RequestBodies.read(request.getInputStream(), settings.maxRequestBytes()),
              ProviderOptions.allowed(settings, info));
    } catch (ApiError invalid) {
      admission.refused(info, null, false, invalid);
      sendError(response, invalid);
      return;
    }
    ChatStream stream;
    try {
      stream = admission.admit(info, input);
    } catch (ApiError rejected) {
      sendError(response, rejected);
      return;
    }
    RouteHeaders.set(response, stream);
    AsyncContext async = request.startAsync();
    NonBlockingWriter writer =
        NonBlockingWriter.start(async, ClientLimits.of(settings), executors.timers());
    stream.start(
        input.stream()
            ? new OpenAiChunkStream(async, writer, input.includeUsage())
            : new OpenAiCompletionResponse(async, writer));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, jakarta.servlet.ServletException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      sendError(response, new ApiError(405, "method_not_allowed", "use POST"));
      return;
    }
    super.service(request, response);
  }

  private static void sendError(HttpServletResponse response, ApiError error) throws IOException {
    error.applyTo(response);
    response.getOutputStream().write(error.toJson().getBytes(StandardCharsets.UTF_8));
  }
}
