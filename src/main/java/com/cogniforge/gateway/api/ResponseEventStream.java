package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.ClientStream;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A streamed Responses API answer: {@code event: <type>} / {@code data: <json>} frames, each with
 * its {@code sequence_number}, from {@code response.created} to {@code response.completed} (or
 * {@code response.incomplete} when the answer was cut short, {@code response.failed} when the
 * provider failed mid-answer). As on the Chat Completions endpoint, nothing is sent before the
 * first token or heartbeat, so a provider that fails before answering still gives the client an
 * HTTP status (429, 502, 504) with OpenAI's error body.
 *
 * <p>The finished response is handed to {@code onFinished} (which stores it) before {@code
 * response.completed} is written, so a client that chains the next request on that event finds it.
 */
final class ResponseEventStream implements ClientStream {

  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

  private final HttpServletResponse response;
  private final NonBlockingWriter writer;
  private final ResponseDocument document;
  private final Consumer<FinishedResponse> onFinished;
  private final ResponseOutput output;
  private StreamStart start;
  private boolean committed;
  private long sequence;

  ResponseEventStream(
      AsyncContext async,
      NonBlockingWriter writer,
      ResponseDocument document,
      Consumer<FinishedResponse> onFinished) {
    this.response = (HttpServletResponse) async.getResponse();
    this.writer = writer;
    this.document = document;
    this.onFinished = onFinished;
    this.output = new ResponseOutput(this::event, document.request().reasoningSummary());
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
    if (!commit()) {
      return false;
    }
    output.text(text);
    return writer.isOpen();
  }

  @Override
  public synchronized boolean delta(UpstreamDelta delta) {
    if (!commit()) {
      return false;
    }
    output.delta(delta);
    return writer.isOpen();
  }

  @Override
  public synchronized boolean heartbeat() {
    return commit() && writer.write(KEEP_ALIVE);
  }

  @Override
  public synchronized void done(StreamSummary summary) {
    if (!commit()) {
      return;
    }
    ResponseDocument.Ending ending = ResponseDocument.Ending.of(summary.finishReason());
    output.finish(ending.itemStatus());
    JsonObject finished =
        document.finished(start.model(), ending, output.items(ending.itemStatus()), summary);
    onFinished.accept(new FinishedResponse(finished, start.model(), ending.status()));
    event(
        ending.status().equals("completed") ? "response.completed" : "response.incomplete",
        JsonText.BUILDERS.createObjectBuilder().add("response", finished));
    writer.close();
  }

  @Override
  public synchronized void fail(ApiError error) {
    if (!committed) {
      committed = true;
      error.applyTo(response);
      writer.write(error.toJson().getBytes(StandardCharsets.UTF_8));
    } else {
      output.finish("incomplete");
      JsonObject failed =
          document.failed(
              start.model(),
              output.items("incomplete"),
              error.status() == 429 ? "rate_limit_exceeded" : "server_error",
              error.getMessage());
      onFinished.accept(new FinishedResponse(failed, start.model(), "failed"));
      event("response.failed", JsonText.BUILDERS.createObjectBuilder().add("response", failed));
    }
    writer.close();
  }

  /** Sends status, headers and the opening events once; returns false if the client is gone. */
  private boolean commit() {
    if (committed) {
      return writer.isOpen();
    }
    committed = true;
    response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model())); // after fallbacks
    RouteHeaders.eventStream(response);
    JsonObject created = document.inProgress(start.model());
    event("response.created", JsonText.BUILDERS.createObjectBuilder().add("response", created));
    event("response.in_progress", JsonText.BUILDERS.createObjectBuilder().add("response", created));
    return writer.isOpen();
  }

  private void event(String type, JsonObjectBuilder fields) {
    writer.write(frame(type, sequence++, fields));
  }

  /** One SSE frame: the event name, and the event as JSON with its type and sequence number. */
  static byte[] frame(String type, long sequenceNumber, JsonObjectBuilder fields) {
    String json =
        JsonText.write(fields.add("type", type).add("sequence_number", sequenceNumber).build());
    return ("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
  }
}
