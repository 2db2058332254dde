package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.admission.Admission;
import com.cogniforge.gateway.http.RequestBodies;
import com.cogniforge.gateway.relay.ChatInput;
import com.cogniforge.gateway.relay.ChatStream;
import com.cogniforge.gateway.relay.RequestInfo;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.io.InputStream;

/**
 * The native streaming API: {@code GET /api/v1/stream/chat?q=...} and {@code POST} with a JSON body
 * ({@code q} or {@code messages}, optional {@code model}, {@code max_tokens} and sampling options).
 * Answers {@code text/event-stream} with {@code meta}, {@code token}, {@code done} and {@code
 * error} events; a request that cannot be served gets a 4xx/5xx JSON error instead of a stream.
 */
@Path("/api/v1/stream/chat")
public class StreamChatResource {

  @Inject Admission admission;
  @Inject GatewaySettings settings;

  @Context HttpServletRequest request;
  @Context HttpServletResponse response;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void get(
      @QueryParam("q") String q,
      @QueryParam("model") String model,
      @QueryParam("max_tokens") String maxTokens,
      @QueryParam("tier") String tier,
      @Context SseEventSink sink,
      @Context Sse sse) {
    RequestInfo info = RequestInfo.of(request, RequestInfo.NATIVE);
    ChatInput input;
    try {
      input = ChatInputParser.fromQuery(q, model, maxTokens, tier);
    } catch (ApiError invalid) {
      admission.refused(info, model, true, invalid);
      throw invalid;
    }
    stream(info, input, sink, sse);
  }

  @POST
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void post(InputStream body, @Context SseEventSink sink, @Context Sse sse)
      throws IOException {
    RequestInfo info = RequestInfo.of(request, RequestInfo.NATIVE);
    ChatInput input;
    try {
      input =
          ChatInputParser.fromNativeBody(
              RequestBodies.read(body, settings.maxRequestBytes()),
              settings.allowedProviderOptions());
    } catch (ApiError invalid) {
      admission.refused(info, null, true, invalid);
      throw invalid;
    }
    stream(info, input, sink, sse);
  }

  private void stream(RequestInfo info, ChatInput input, SseEventSink sink, Sse sse) {
    ChatStream stream = admission.admit(info, input);
    response.setHeader("X-Request-Id", info.requestId());
    RouteHeaders.set(response, stream);
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no"); // NGINX: do not buffer this response
    stream.start(new SseClientStream(sink, sse));
  }
}
