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
 * A non-streamed Messages answer: the same events as a stream ({@link MessageEvents}) folded into
 * one Message. Like {@link OpenAiCompletionResponse}, once the answer has begun each heartbeat
 * writes one space (JSON allows it before the document), so that a client that left is noticed and
 * the upstream call cancelled; before that nothing is written, and an early failure keeps its own
 * HTTP status.
 */
final class MessagesResponse implements ClientStream {

  private static final byte[] SPACE = {' '};

  private final HttpServletResponse response;
  private final NonBlockingWriter writer;
  private final MessageEvents events = new MessageEvents((type, json) -> true);
  private final String requestId;
  private StreamStart start;
  private boolean answering;
  private boolean committed;

  MessagesResponse(AsyncContext async, NonBlockingWriter writer, String requestId) {
    this.response = (HttpServletResponse) async.getResponse();
    this.requestId = requestId;
    events.start(MessagesEventStream.messageId(requestId), "", 0);
    this.writer = writer;
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
    answering = true;
    events.text(text);
    return true;
  }

  @Override
  public synchronized boolean delta(UpstreamDelta delta) {
    answering = true;
    events.delta(delta);
    return true;
  }

  @Override
  public synchronized boolean heartbeat() {
    if (!answering) {
      return writer.isOpen();
    }
    if (!committed) {
      committed = true;
      response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model()));
      response.setStatus(200);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
    }
    return writer.write(SPACE);
  }

  @Override
  public synchronized void done(StreamSummary summary) {
    if (!committed) {
      response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model()));
      response.setStatus(200);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.setHeader(RouteHeaders.COST, OpenAiWire.usd(summary.costUsd()));
    }
    send(events.message(start.model(), summary));
  }

  @Override
  public synchronized void fail(ApiError error) {
    if (!committed) {
      error.applyTo(response);
      response.setStatus(error.anthropicStatus());
    }
    send(error.toAnthropicJson(requestId));
  }

  private void send(String json) {
    writer.write(json.getBytes(StandardCharsets.UTF_8));
    writer.close();
  }
}
