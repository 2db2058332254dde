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
 * A non-streamed answer, whatever the API: the gateway still streams from the provider (for TTFT
 * figures and prompt cancellation) and each API folds what comes into its own document.
 *
 * <p>A client that leaves is only noticed when something is written to it (the Servlet API has no
 * other way; Payara reports nothing on an idle connection), and otherwise the provider would
 * generate, and bill, the whole answer for nobody. So once the answer has run for {@link
 * #QUIET_NANOS} (shorter answers keep their HTTP status and cost header), each heartbeat writes one
 * space: JSON allows whitespace before the document, every JSON parser skips it, and a write to a
 * departed client fails, which cancels the upstream call. Before that nothing is written, so that a
 * provider failing early (or a fallback) still gets its own HTTP status; after the first space the
 * status is 200 and a late failure is an error document in it.
 */
abstract class JsonAnswer implements ClientStream {

  /** How long an answer runs before heartbeats write to the client: 3 s. */
  static final long QUIET_NANOS = 3_000_000_000L;

  private static final byte[] SPACE = {' '};

  private final HttpServletResponse response;
  private final NonBlockingWriter writer;
  private StreamStart start;
  private boolean answering; // the first token (or delta) has come
  private long answeringSinceNanos;
  private boolean committed; // status and headers are sent: the first space went out

  JsonAnswer(AsyncContext async, NonBlockingWriter writer) {
    this.response = (HttpServletResponse) async.getResponse();
    this.writer = writer;
  }

  /** Collects generated text. */
  abstract void collect(String text);

  /** Collects a chunk with more than text (tool calls, reasoning...). */
  abstract void collect(UpstreamDelta delta);

  /** The API's whole document for the finished answer. */
  abstract String document(StreamStart start, StreamSummary summary);

  /** The API's error document. */
  abstract String errorDocument(ApiError error);

  /** The HTTP status of an error in this API (Anthropic's differ for a few). */
  int errorStatus(ApiError error) {
    return error.status();
  }

  @Override
  public final void onClientGone(Runnable callback) {
    writer.onClientGone(callback);
  }

  @Override
  public final boolean tooSlow() {
    return writer.tooSlow();
  }

  @Override
  public final synchronized void open(StreamStart start) {
    this.start = start;
  }

  @Override
  public final synchronized boolean token(String text) {
    startAnswering();
    collect(text);
    return true;
  }

  @Override
  public final synchronized boolean delta(UpstreamDelta delta) {
    startAnswering();
    collect(delta);
    return true;
  }

  private void startAnswering() {
    if (!answering) {
      answering = true;
      answeringSinceNanos = System.nanoTime();
    }
  }

  /** Once the answer has run a while, writes a space: it fails if the client has gone. */
  @Override
  public final synchronized boolean heartbeat() {
    if (!answering || System.nanoTime() - answeringSinceNanos < QUIET_NANOS) {
      return writer.isOpen();
    }
    if (!committed) {
      committed = true;
      response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model())); // no more fallback
      jsonOk();
    }
    return writer.write(SPACE);
  }

  @Override
  public final synchronized void done(StreamSummary summary) {
    String json = document(start, summary);
    if (!committed) {
      jsonOk();
      // Only here: a stream's headers leave before its cost is known (it is in its usage).
      response.setHeader(RouteHeaders.COST, OpenAiWire.usd(summary.costUsd()));
    }
    send(json);
  }

  @Override
  public final synchronized void fail(ApiError error) {
    if (!committed) {
      error.applyTo(response);
      response.setStatus(errorStatus(error));
    }
    send(errorDocument(error));
  }

  private void jsonOk() {
    response.setStatus(200);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
  }

  private void send(String json) {
    if (!committed && start != null) {
      response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model())); // after fallbacks
    }
    writer.write(json.getBytes(StandardCharsets.UTF_8));
    writer.close();
  }
}
