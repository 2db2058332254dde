package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.ClientStream;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The native SSE format, written through JAX-RS {@link SseEventSink}: {@code meta}, {@code token},
 * {@code done} and {@code error} events, each with a sequence number as its id, and comment
 * heartbeats.
 */
final class SseClientStream implements ClientStream {

  private final SseEventSink sink;
  private final Sse sse;
  private long sequence;
  private boolean gone;
  private Runnable onGone = () -> {};

  SseClientStream(SseEventSink sink, Sse sse) {
    this.sink = sink;
    this.sse = sse;
  }

  @Override
  public synchronized void onClientGone(Runnable callback) {
    this.onGone = callback;
  }

  @Override
  public void open(StreamStart start) {
    StringBuilder json = new StringBuilder(160).append("{\"request_id\":");
    JsonText.quote(json, start.requestId()).append(",\"model\":");
    JsonText.quote(json, start.model()).append(",\"tier\":");
    JsonText.quoteOrNull(json, start.tier()).append(",\"routing_reason\":");
    JsonText.quote(json, start.routeReason()).append(",\"provider\":");
    JsonText.quote(json, start.provider())
        .append(",\"created\":")
        .append(start.createdEpochSeconds());
    if (start.cached()) {
      json.append(",\"cached\":true");
    }
    if (start.hedged()) {
      json.append(",\"hedged\":true");
    }
    if (start.coalesced()) {
      json.append(",\"coalesced\":true");
    }
    if (start.fallbackFrom() != null) {
      JsonText.quote(json.append(",\"fallback_from\":"), start.fallbackFrom());
    }
    json.append('}');
    event("meta", json.toString());
  }

  @Override
  public boolean token(String text) {
    StringBuilder json = new StringBuilder(text.length() + 12).append("{\"text\":");
    return event("token", JsonText.quote(json, text).append('}').toString());
  }

  /**
   * A chunk with more than text becomes the native events: {@code reasoning} ({@code text}), {@code
   * refusal} ({@code text}), {@code token}, and one {@code tool_call} per fragment ({@code index},
   * and {@code id}, {@code name} when the fragment has them, {@code arguments}).
   */
  @Override
  public boolean delta(UpstreamDelta delta) {
    boolean open = true;
    if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
      StringBuilder json = new StringBuilder(delta.reasoning().length() + 12).append("{\"text\":");
      open = event("reasoning", JsonText.quote(json, delta.reasoning()).append('}').toString());
    }
    if (open && delta.refusal() != null && !delta.refusal().isEmpty()) {
      StringBuilder json = new StringBuilder(delta.refusal().length() + 12).append("{\"text\":");
      open = event("refusal", JsonText.quote(json, delta.refusal()).append('}').toString());
    }
    if (open && delta.text() != null && !delta.text().isEmpty()) {
      open = token(delta.text());
    }
    for (UpstreamDelta.ToolCallFragment call : delta.toolCalls()) {
      if (!open) {
        break;
      }
      StringBuilder json = new StringBuilder(80).append("{\"index\":").append(call.index());
      if (call.id() != null) {
        JsonText.quote(json.append(",\"id\":"), call.id());
      }
      if (call.name() != null) {
        JsonText.quote(json.append(",\"name\":"), call.name());
      }
      JsonText.quote(
          json.append(",\"arguments\":"), call.arguments() == null ? "" : call.arguments());
      open = event("tool_call", json.append('}').toString());
    }
    return open;
  }

  @Override
  public boolean heartbeat() {
    return send(sse.newEventBuilder().comment("heartbeat").build());
  }

  @Override
  public void done(StreamSummary summary) {
    event("done", doneJson(summary));
    close();
  }

  /** The {@code done} event's data: finish reason, usage, cost and timings. */
  static String doneJson(StreamSummary summary) {
    StringBuilder json = new StringBuilder(200).append("{\"finish_reason\":");
    JsonText.quote(json, summary.finishReason())
        .append(",\"usage\":{\"prompt_tokens\":")
        .append(summary.promptTokens())
        .append(",\"completion_tokens\":")
        .append(summary.completionTokens())
        .append(",\"total_tokens\":")
        .append(summary.promptTokens() + summary.completionTokens())
        .append(",\"estimated\":")
        .append(summary.usageEstimated())
        .append("},\"cost_usd\":")
        .append(String.format(Locale.ROOT, "%.8f", summary.costUsd()))
        .append(",\"ttft_ms\":")
        .append(summary.ttftMs())
        .append(",\"total_ms\":")
        .append(summary.totalMs())
        .append('}');
    return json.toString();
  }

  @Override
  public void fail(ApiError error) {
    StringBuilder json = new StringBuilder(200).append("{\"code\":");
    JsonText.quote(json, error.code()).append(",\"message\":");
    JsonText.quote(json, error.getMessage()).append(",\"status\":").append(error.status());
    if (error.retryAfterSeconds() != null) {
      json.append(",\"retry_after\":").append(error.retryAfterSeconds());
    }
    event("error", json.append('}').toString());
    close();
  }

  private synchronized boolean event(String name, String json) {
    if (gone) {
      return false;
    }
    return send(
        sse.newEventBuilder()
            .name(name)
            .id(Long.toString(++sequence))
            .mediaType(MediaType.TEXT_PLAIN_TYPE)
            .data(json)
            .build());
  }

  private synchronized boolean send(OutboundSseEvent event) {
    if (gone) {
      return false;
    }
    if (sink.isClosed()) {
      return clientGone();
    }
    try {
      CompletionStage<?> sent = sink.send(event);
      // Jersey completes the stage at once; a failed write shows as an exception or as a value.
      CompletableFuture<?> future = sent.toCompletableFuture();
      if (future.isCompletedExceptionally() || future.getNow(null) instanceof Throwable) {
        return clientGone();
      }
      return true;
    } catch (RuntimeException broken) {
      return clientGone();
    }
  }

  private boolean clientGone() {
    gone = true;
    close();
    onGone.run();
    return false;
  }

  private void close() {
    try {
      sink.close();
    } catch (RuntimeException alreadyClosed) {
      // nothing left to release
    }
  }
}
