package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import java.util.function.Consumer;

/**
 * A non-streamed Responses API answer: the output collected into one {@code Response} object (see
 * {@link JsonAnswer} for how a client that leaves is noticed).
 */
final class ResponseJsonAnswer extends JsonAnswer {

  private final ResponseDocument document;
  private final Consumer<FinishedResponse> onFinished;
  private final ResponseOutput output;

  ResponseJsonAnswer(
      AsyncContext async,
      NonBlockingWriter writer,
      ResponseDocument document,
      Consumer<FinishedResponse> onFinished) {
    super(async, writer);
    this.document = document;
    this.onFinished = onFinished;
    this.output = new ResponseOutput(ResponseOutput.NONE, document.request().reasoningSummary());
  }

  @Override
  void collect(String text) {
    output.text(text);
  }

  @Override
  void collect(UpstreamDelta delta) {
    output.delta(delta);
  }

  @Override
  String document(StreamStart start, StreamSummary summary) {
    ResponseDocument.Ending ending = ResponseDocument.Ending.of(summary.finishReason());
    output.finish(ending.itemStatus());
    JsonObject finished =
        document.finished(start.model(), ending, output.items(ending.itemStatus()), summary);
    onFinished.accept(new FinishedResponse(finished, start.model(), ending.status()));
    return JsonText.write(finished);
  }

  @Override
  String errorDocument(ApiError error) {
    return error.toJson();
  }
}
