package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.admission.Admission;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.http.RequestBodies;
import com.cogniforge.gateway.providers.TokenEstimator;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.ChatStream;
import com.cogniforge.gateway.relay.RequestInfo;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/messages} and {@code POST /v1/messages/count_tokens}: Anthropic's Messages API,
 * streamed and not, so that Anthropic's SDKs and Claude Code work with {@code
 * ANTHROPIC_BASE_URL=http://host:port}. The request is translated into the gateway's chat input
 * ({@link MessagesRequest}) and goes through the same admission as every other chat (routing, keys,
 * budget, cache, fallback, usage record with endpoint {@code messages}); the answer is written back
 * as Anthropic's events ({@link MessagesEventStream}) or Message ({@link MessagesResponse}),
 * whichever provider served it. Every error has Anthropic's shape. {@code anthropic-version} and
 * {@code anthropic-beta} are accepted and not required: the gateway speaks one version.
 */
@WebServlet(
    urlPatterns = {"/v1/messages", "/v1/messages/count_tokens"},
    asyncSupported = true)
public class MessagesServlet extends HttpServlet {

  @Inject Admission admission;
  @Inject GatewaySettings settings;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    RequestInfo info = RequestInfo.of(request, RequestInfo.MESSAGES);
    response.setHeader("X-Request-Id", info.requestId());
    response.setHeader("request-id", info.requestId()); // where Anthropic's SDKs read it
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      sendError(response, info, new ApiError(405, "method_not_allowed", "use POST"));
      return;
    }
    if (request.getServletPath().endsWith("/count_tokens")) {
      countTokens(request, response, info);
    } else {
      messages(request, response, info);
    }
  }

  private void messages(HttpServletRequest request, HttpServletResponse response, RequestInfo info)
      throws IOException {
    ChatInput input;
    try {
      input =
          MessagesRequest.parse(
              RequestBodies.read(request.getInputStream(), settings.maxRequestBytes()),
              ProviderOptions.allowed(settings, info));
    } catch (ApiError invalid) {
      admission.refused(info, null, false, invalid);
      sendError(response, info, invalid);
      return;
    }
    ChatStream stream;
    try {
      stream = admission.admit(info, input);
    } catch (ApiError rejected) {
      sendError(response, info, rejected);
      return;
    }
    RouteHeaders.set(response, stream);
    AsyncContext async = request.startAsync();
    NonBlockingWriter writer = NonBlockingWriter.start(async);
    stream.start(
        input.stream()
            ? new MessagesEventStream(
                async, writer, info.requestId(), TokenEstimator.promptTokens(input.request()))
            : new MessagesResponse(async, writer, info.requestId()));
  }

  /** The gateway's estimate; nothing is called, billed or recorded. */
  private void countTokens(
      HttpServletRequest request, HttpServletResponse response, RequestInfo info)
      throws IOException {
    int tokens;
    try {
      tokens =
          MessagesRequest.countTokens(
              RequestBodies.read(request.getInputStream(), settings.maxRequestBytes()));
    } catch (ApiError invalid) {
      sendError(response, info, invalid);
      return;
    }
    response.setStatus(200);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response
        .getOutputStream()
        .write(("{\"input_tokens\":" + tokens + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static void sendError(HttpServletResponse response, RequestInfo info, ApiError error)
      throws IOException {
    error.applyTo(response);
    response.setStatus(error.anthropicStatus());
    response
        .getOutputStream()
        .write(error.toAnthropicJson(info.requestId()).getBytes(StandardCharsets.UTF_8));
  }
}
