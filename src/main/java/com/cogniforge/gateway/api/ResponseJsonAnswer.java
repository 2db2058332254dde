package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.providers.OpenAiWire;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.ClientStream;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A non-streamed Responses API answer: the output collected into one {@code Response} object. As
 * for {@link OpenAiCompletionResponse}, once the answer has begun each heartbeat writes one space
 * (JSON allows whitespace before a document) so that a client that left is noticed and its upstream
 * call cancelled; before that, a failing provider still gets its own HTTP status.
 */
final class ResponseJsonAnswer implements ClientStream {

  private static final byte[] SPACE = {' '};

  private final HttpServletResponse response;
  private final NonBlockingWriter writer;
  private final ResponseDocument document;
  private final Consumer<FinishedResponse> onFinished;
  private final ResponseOutput output;
  private StreamStart start;
  private boolean answering;
  private boolean committed;

  ResponseJsonAnswer(
      AsyncContext async,
      NonBlockingWriter writer,
      ResponseDocument document,
      Consumer<FinishedResponse> onFinished) {
    this.response = (HttpServletResponse) async.getResponse();
    this.writer = writer;
    this.document = document;
    this.onFinished = onFinished;
    this.output = new ResponseOutput(ResponseOutput.NONE, document.request().reasoningSummary());
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
    output.text(text);
    return true;
  }

  @Override
  public synchronized boolean delta(UpstreamDelta delta) {
    answering = true;
    output.delta(delta);
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
    ResponseDocument.Ending ending = ResponseDocument.Ending.of(summary.finishReason());
    output.finish(ending.itemStatus());
    JsonObject finished =
        document.finished(start.model(), ending, output.items(ending.itemStatus()), summary);
    onFinished.accept(new FinishedResponse(finished, start.model(), ending.status()));
    if (!committed) {
      response.setStatus(200);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      response.setHeader(RouteHeaders.COST, OpenAiWire.usd(summary.costUsd()));
    }
    send(JsonText.write(finished));
  }

  @Override
  public synchronized void fail(ApiError error) {
    if (!committed) {
      error.applyTo(response);
    }
    send(error.toJson());
  }

  private void send(String json) {
    if (!committed) {
      response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start == null ? "" : start.model()));
    }
    writer.write(json.getBytes(StandardCharsets.UTF_8));
    writer.close();
  }
}
