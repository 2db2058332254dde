package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.servlet.AsyncContext;

/**
 * A non-streamed Messages answer: the same events as a stream ({@link MessageEvents}) folded into
 * one Message (see {@link JsonAnswer} for how a client that leaves is noticed).
 */
final class MessagesResponse extends JsonAnswer {

  private final MessageEvents events = new MessageEvents((type, json) -> true);
  private final String requestId;

  MessagesResponse(AsyncContext async, NonBlockingWriter writer, String requestId) {
    super(async, writer);
    this.requestId = requestId;
    events.start(MessagesEventStream.messageId(requestId), "", 0);
  }

  @Override
  void collect(String text) {
    events.text(text);
  }

  @Override
  void collect(UpstreamDelta delta) {
    events.delta(delta);
  }

  @Override
  String document(StreamStart start, StreamSummary summary) {
    return events.message(start.model(), summary);
  }

  @Override
  String errorDocument(ApiError error) {
    return error.toAnthropicJson(requestId);
  }

  @Override
  int errorStatus(ApiError error) {
    return error.anthropicStatus();
  }
}
