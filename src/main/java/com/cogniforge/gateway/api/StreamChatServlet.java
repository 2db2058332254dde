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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The native streaming API: {@code GET /api/v1/stream/chat?q=...} and {@code POST} with a JSON body
 * ({@code q} or {@code messages}, optional {@code model}, {@code max_tokens} and sampling options).
 * Answers {@code text/event-stream} with {@code meta}, {@code token}, {@code done} and {@code
 * error} events; a request that cannot be served gets a 4xx/5xx JSON error instead of a stream.
 *
 * <p>A servlet with non-blocking writes, like the OpenAI endpoint, rather than JAX-RS's {@code
 * SseEventSink}: the sink handed every event to the container, which queued it without bound for a
 * client that does not read (2.7 MB held per stalled stream of 50,000 tokens, measured). Here the
 * client's buffer limit and write time-out apply.
 */
@WebServlet(urlPatterns = "/api/v1/stream/chat", asyncSupported = true)
public class StreamChatServlet extends HttpServlet {

  private static final Logger LOG = Logger.getLogger(StreamChatServlet.class.getName());

  @Inject Admission admission;
  @Inject GatewaySettings settings;
  @Inject GatewayExecutors executors;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    RequestInfo info = RequestInfo.of(request, RequestInfo.NATIVE);
    // Decoded here as UTF-8 whatever the container's URI encoding; the first of repeated names.
    Map<String, String> query = query(request.getQueryString());
    ChatInput input;
    try {
      input =
          ChatInputParser.fromQuery(
              query.get("q"), query.get("model"), query.get("max_tokens"), query.get("tier"));
    } catch (ApiError invalid) {
      admission.refused(info, query.get("model"), true, invalid);
      sendError(response, invalid);
      return;
    }
    stream(request, response, info, input);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    RequestInfo info = RequestInfo.of(request, RequestInfo.NATIVE);
    ChatInput input;
    try {
      input =
          ChatInputParser.fromNativeBody(
              RequestBodies.read(request.getInputStream(), settings.maxRequestBytes()),
              ProviderOptions.allowed(settings, info));
    } catch (ApiError invalid) {
      admission.refused(info, null, true, invalid);
      sendError(response, invalid);
      return;
    }
    stream(request, response, info, input);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, jakarta.servlet.ServletException {
    String method = request.getMethod();
    if (!"GET".equals(method) && !"POST".equals(method)) {
      response.setHeader("Allow", "GET, POST");
      sendError(response, new ApiError(405, "method_not_allowed", "use GET or POST"));
      return;
    }
    try {
      super.service(request, response);
    } catch (RuntimeException bug) {
      LOG.log(Level.SEVERE, "unexpected error", bug);
      if (!response.isCommitted() && !request.isAsyncStarted()) {
        sendError(response, new ApiError(500, "internal_error", "the gateway failed unexpectedly"));
      }
    }
  }

  private void stream(
      HttpServletRequest request, HttpServletResponse response, RequestInfo info, ChatInput input)
      throws IOException {
    response.setHeader("X-Request-Id", info.requestId());
    ChatStream stream;
    try {
      stream = admission.admit(info, input);
    } catch (ApiError rejected) {
      sendError(response, rejected);
      return;
    }
    RouteHeaders.set(response, stream);
    RouteHeaders.eventStream(response);
    AsyncContext async = request.startAsync();
    NonBlockingWriter writer =
        NonBlockingWriter.start(async, ClientLimits.of(settings), executors.timers());
    stream.start(new SseClientStream(writer));
  }

  static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      values.putIfAbsent(name, value);
    }
    return values;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw new ApiError(400, "invalid_query", "the query string is not valid percent-encoding");
    }
  }

  private static void sendError(HttpServletResponse response, ApiError error) throws IOException {
    error.applyTo(response);
    response.getOutputStream().write(error.toJson().getBytes(StandardCharsets.UTF_8));
  }
}
