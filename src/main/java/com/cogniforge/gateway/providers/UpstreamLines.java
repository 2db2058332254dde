package com.cogniforge.gateway.providers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Splits a provider's streamed body into lines ({@code \n}, {@code \r\n} or {@code \r}) like {@code
 * BodySubscribers.fromLineSubscriber}, but refuses a line longer than {@code maxLineBytes}: the
 * JDK's splitter buffers a line without limit, so a provider (or anything posing as one) that never
 * sends a newline would fill the heap. The excess ends the call as {@link
 * UpstreamFailure.Kind#OVERSIZED}, delivered to {@code lines.onError}.
 */
final class UpstreamLines implements Flow.Subscriber<List<ByteBuffer>> {

  static final int MAX_LINE_BYTES = 1 << 20;

  private final Flow.Subscriber<String> lines;
  private final int maxLineBytes;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private Flow.Subscription subscription;
  private boolean afterCarriageReturn;
  private boolean done;

  UpstreamLines(Flow.Subscriber<String> lines, int maxLineBytes) {
    this.lines = lines;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    lines.onSubscribe(subscription); // demand and cancellation stay with the line consumer
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      while (buffer.hasRemaining() && !done) {
        byte b = buffer.get();
        if (b == '\n' && afterCarriageReturn) {
          afterCarriageReturn = false; // the \n of \r\n: the line was emitted at the \r
        } else if (b == '\n' || b == '\r') {
          afterCarriageReturn = b == '\r';
          emit();
        } else {
          afterCarriageReturn = false;
          if (line.size() >= maxLineBytes) {
            done = true;
            subscription.cancel();
            lines.onError(
                new UpstreamFailure(
                    UpstreamFailure.Kind.OVERSIZED,
                    "provider sent a line longer than " + maxLineBytes + " bytes"));
            return;
          }
          line.write(b);
        }
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    if (!done) {
      done = true;
      lines.onError(error);
    }
  }

  @Override
  public void onComplete() {
    if (done) {
      return;
    }
    if (line.size() > 0) {
      emit();
    }
    done = true;
    lines.onComplete();
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    lines.onNext(text);
  }
}
