package com.cogniforge.gateway.providers;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A provider's whole (non-streamed) body as text, read up to {@code maxBytes}: beyond that the rest
 * is not read and {@link Text#truncated} says so. {@code BodySubscribers.ofString} buffers any
 * size.
 */
final class CappedText implements BodySubscriber<CappedText.Text> {

  /** An error body: enough for any provider's explanation. */
  static final int MAX_ERROR_BYTES = 64 * 1024;

  record Text(String text, boolean truncated) {}

  private final int maxBytes;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<Text> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  CappedText(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<Text> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int room = maxBytes - bytes.size();
      if (buffer.remaining() > room) {
        byte[] part = new byte[room];
        buffer.get(part);
        bytes.write(part, 0, room);
        subscription.cancel();
        body.complete(new Text(bytes.toString(StandardCharsets.UTF_8), true));
        return;
      }
      byte[] all = new byte[buffer.remaining()];
      buffer.get(all);
      bytes.write(all, 0, all.length);
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(new Text(bytes.toString(StandardCharsets.UTF_8), false));
  }
}
