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
 *
 * <p>A client that leaves is only noticed when something is written to it (the Servlet API has no
 * other way; Payara reports nothing on an idle connection), and otherwise the provider would
 * generate, and bill, the whole answer for nobody. So once the answer has run for {@link
 * #QUIET_NANOS} (shorter answers keep their HTTP status and cost header), each heartbeat writes one
 * space: JSON allows whitespace before the document, every JSON parser skips it, and a write to a
 * departed client fails, which cancels the upstream call. Before the first token nothing is
 * written, so that a provider failing early (or a fallback) still gets its own HTTP status; after
 * the first space the status is 200 and a late failure is an error document in it.
 */
final class OpenAiCompletionResponse implements ClientStream {

  private static final byte[] SPACE = {' '};

  /** How long an answer runs before heartbeats write to the client: 3 s. */
  static final long QUIET_NANOS = 3_000_000_000L;

  private final HttpServletResponse response;
  private final NonBlockingWriter writer;
  private final AssembledMessage message = new AssembledMessage();
  private StreamStart start;
  private boolean answering; // the first token (or delta) has come
  private long answeringSinceNanos;
  private boolean committed; // status and headers are sent: the first space went out

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
    startAnswering();
    message.text(token);
    return true;
  }

  @Override
  public synchronized boolean delta(UpstreamDelta delta) {
    startAnswering();
    message.delta(delta);
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
  public synchronized boolean heartbeat() {
    if (!answering || System.nanoTime() - answeringSinceNanos < QUIET_NANOS) {
      return writer.isOpen();
    }
    if (!committed) {
      committed = true;
      response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model())); // no more fallback
      response.setStatus(200);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
    }
    return writer.write(SPACE);
  }

  @Override
  public synchronized void done(StreamSummary summary) {
    if (!committed) {
      response.setStatus(200);
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      // Only here: a stream's headers leave before its cost is known (it is in its usage chunk).
      response.setHeader(RouteHeaders.COST, OpenAiWire.usd(summary.costUsd()));
    }
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
    if (!committed) {
      error.applyTo(response);
    }
    send(error.toJson());
  }

  private void send(String json) {
    if (!committed) {
      response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model())); // after fallbacks
    }
    writer.write(json.getBytes(StandardCharsets.UTF_8));
    writer.close();
  }
}
