package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.ClientStream;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The native SSE format: {@code meta}, {@code token}, {@code done} and {@code error} events, each
 * with a sequence number as its id, and comment heartbeats, written without blocking (the frames
 * are those JAX-RS's SSE writer made: {@code event:}, {@code id:}, one {@code data:} line).
 */
final class SseClientStream implements ClientStream {

  private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

  private final NonBlockingWriter writer;
  private long sequence;

  SseClientStream(NonBlockingWriter writer) {
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
  public boolean awaitRoom(Runnable resume) {
    return writer.awaitRoom(resume);
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
    return writer.write(HEARTBEAT);
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

  /** One event; the JSON has no raw line break (JsonText escapes them), so one data line. */
  private synchronized boolean event(String name, String json) {
    String frame = "event: " + name + "\nid: " + (++sequence) + "\ndata: " + json + "\n\n";
    return writer.write(frame.getBytes(StandardCharsets.UTF_8));
  }

  private void close() {
    writer.close();
  }
}
