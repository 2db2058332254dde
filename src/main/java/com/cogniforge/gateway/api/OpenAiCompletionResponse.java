package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.providers.OpenAiWire;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.ClientStream;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;

/**
 * A non-streaming OpenAI response: the gateway still streams from the provider (for TTFT figures
 * and prompt cancellation) and collects the message (text, tool calls, reasoning) into one {@code
 * chat.completion} document.
 */
final class OpenAiCompletionResponse implements ClientStream {

  private final HttpServletResponse response;
  private final NonBlockingWriter writer;
  private final AssembledMessage message = new AssembledMessage();
  private StreamStart start;

  OpenAiCompletionResponse(AsyncContext async, NonBlockingWriter writer) {
    this.response = (HttpServletResponse) async.getResponse();
    this.writer = writer;
  }

  @Override
  public void onClientGone(Runnable callback) {
    writer.onClientGone(callback);
  }

  @Override
  public boolean tooSlow() {
    return writer.tooSlow();
  }

  @Override
  public synchronized void open(StreamStart start) {
    this.start = start;
  }

  @Override
  public synchronized boolean token(String token) {
    message.text(token);
    return true;
  }

  @Override
  public synchronized boolean delta(UpstreamDelta delta) {
    message.delta(delta);
    return true;
  }

  @Override
  public boolean heartbeat() {
    return true; // nothing may be sent before the JSON document
  }

  @Override
  public synchronized void done(StreamSummary summary) {
    response.setStatus(200);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    // Only here: a stream's headers leave before its cost is known (it is in its usage chunk).
    response.setHeader(RouteHeaders.COST, OpenAiWire.usd(summary.costUsd()));
    send(
        message.completion(
            "chatcmpl-" + start.requestId(),
            start.createdEpochSeconds(),
            start.model(),
            summary.finishReason(),
            summary.promptTokens(),
            summary.completionTokens(),
            summary.cachedPromptTokens(),
            summary.reasoningTokens(),
            summary.costUsd()));
  }

  @Override
  public synchronized void fail(ApiError error) {
    error.applyTo(response);
    send(error.toJson());
  }

  private void send(String json) {
    response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model())); // after fallbacks
    writer.write(json.getBytes(StandardCharsets.UTF_8));
    writer.close();
  }
}
