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
 * An OpenAI streaming response ({@code data: {chunk}} ... {@code data: [DONE]}). The response is
 * committed only at the first token or heartbeat, so a provider that fails before answering still
 * gives the client a proper HTTP status (429, 502, 504) with an OpenAI error body, as OpenAI does.
 */
final class OpenAiChunkStream implements ClientStream {

  private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private final HttpServletResponse response;
  private final NonBlockingWriter writer;
  private final boolean includeUsage;
  private StreamStart start;
  private String id;
  private OpenAiWire.ContentFrames contentFrames;
  private String providerFields; // the provider's system_fingerprint etc., in every chunk
  private boolean committed;
  private boolean finishSent;

  OpenAiChunkStream(AsyncContext async, NonBlockingWriter writer, boolean includeUsage) {
    this.response = (HttpServletResponse) async.getResponse();
    this.writer = writer;
    this.includeUsage = includeUsage;
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
  public boolean awaitRoom(Runnable resume) {
    return writer.awaitRoom(resume);
  }

  @Override
  public synchronized void open(StreamStart start) {
    this.start = start;
    this.id = "chatcmpl-" + start.requestId();
    this.contentFrames =
        new OpenAiWire.ContentFrames(
            id, start.createdEpochSeconds(), start.model(), providerFields);
  }

  @Override
  public synchronized void providerFields(String members) {
    this.providerFields = members;
    this.contentFrames =
        new OpenAiWire.ContentFrames(id, start.createdEpochSeconds(), start.model(), members);
  }

  @Override
  public synchronized boolean token(String text) {
    return commit() && writer.write(contentFrames.frame(text));
  }

  /** The provider's choice goes out as it wrote it; only the frame (id, model) is ours. */
  @Override
  public synchronized boolean delta(UpstreamDelta delta) {
    if (delta.finishReason() != null) {
      finishSent = true; // the provider's own chunk already says how the answer ended
    }
    return commit()
        && data(OpenAiWire.deltaChunk(id(), start.createdEpochSeconds(), start.model(), delta));
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
    if (!finishSent) {
      data(
          OpenAiWire.finishChunk(
              id(), start.createdEpochSeconds(), start.model(), summary.finishReason()));
    }
    if (includeUsage) {
      data(
          OpenAiWire.usageChunk(
              id(),
              start.createdEpochSeconds(),
              start.model(),
              summary.promptTokens(),
              summary.completionTokens(),
              known(summary, summary.cachedPromptTokens()),
              known(summary, summary.reasoningTokens()),
              summary.costUsd()));
    }
    writer.write(DONE);
    writer.close();
  }

  @Override
  public synchronized void fail(ApiError error) {
    if (!committed) {
      committed = true;
      error.applyTo(response);
      writer.write(error.toJson().getBytes(StandardCharsets.UTF_8));
    } else {
      data(error.toJson()); // mid-stream: OpenAI SDKs raise an APIError for this event
    }
    writer.close();
  }

  /**
   * A usage detail as the client gets it: what the provider reported (0 included, as OpenAI always
   * sends them), or -1 (left out) when the gateway only estimated the usage.
   */
  static int known(StreamSummary summary, int detail) {
    return summary.usageEstimated() ? -1 : detail;
  }

  /** Sends status and headers with the first chunk; returns false if the client is gone. */
  private boolean commit() {
    if (committed) {
      return writer.isOpen();
    }
    committed = true;
    response.setHeader(RouteHeaders.MODEL, RouteHeaders.safe(start.model())); // after fallbacks
    RouteHeaders.eventStream(response);
    return data(OpenAiWire.roleChunk(id(), start.createdEpochSeconds(), start.model()));
  }

  private boolean data(String json) {
    return writer.write(OpenAiWire.sseFrame(OpenAiWire.withProviderFields(json, providerFields)));
  }

  private String id() {
    return id;
  }
}
