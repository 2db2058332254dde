package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.ClientStream;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;

/**
 * An Anthropic Messages event stream ({@code event: <type>} and {@code data: {json}} per event;
 * Anthropic's SDKs ignore data without an event name). As on the OpenAI endpoint, nothing is sent
 * before the first token or heartbeat, so a provider that fails before answering still gives the
 * client a proper HTTP status with Anthropic's error body; later failures are an {@code error}
 * event, which the SDKs raise as an APIError.
 */
final class MessagesEventStream implements ClientStream {

  private final HttpServletResponse response;
  private final NonBlockingWriter writer;
  private final String requestId;
  private final int estimatedInputTokens;
  private final MessageEvents events;
  private StreamStart start;
  private boolean committed;

  MessagesEventStream(
      AsyncContext async, NonBlockingWriter writer, String requestId, int estimatedInputTokens) {
    this.response = (HttpServletResponse) async.getResponse();
    this.requestId = requestId;
    this.writer = writer;
    this.estimatedInputTokens = estimatedInputTokens;
    this.events = new MessageEvents(this::frame);
  }

  @Override
  public void onClientGone(Runnable callback) {
    writer.onClientGone(callback);
  }

  @Override
  public synchronized void open(StreamStart start) {
    this.start = start;
  }

  @Override
  public synchronized boolean token(String text) {
    return commit() && events.text(text);
  }

  @Override
  public synchronized boolean delta(UpstreamDelta delta) {
    return commit() && events.delta(delta);
  }

  @Override
  public synchronized boolean heartbeat() {
    return commit() && events.ping();
  }

  @Override
  public synchronized void done(StreamSummary summary) {
    if (commit()) {
      events.finish(summary);
    }
    writer.close();
  }

  @Override
  public synchronized void fail(ApiError error) {
    if (!committed) {
      committed = true;
      error.applyTo(response);
      response.setStatus(error.anthropicStatus());
      writer.write(error.toAnthropicJson(requestId).getBytes(StandardCharsets.UTF_8));
    } else {
      frame("error", error.toAnthropicJson(requestId));
    }
    writer.close();
  }

  /** Sends status, headers and message_start; returns false if the client is gone. */
  private boolean commit() {
    if (committed) {
      return writer.isOpen();
    }
    committed = true;
    response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model())); // after fallbacks
    RouteHeaders.eventStream(response);
    return events.start(messageId(requestId), start.model(), estimatedInputTokens);
  }

  private boolean frame(String type, String json) {
    byte[] bytes = ("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    return writer.write(bytes);
  }

  static String messageId(String requestId) {
    return "msg_" + requestId;
  }
}
