package com.cogniforge.gateway.providers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Splits a provider's streamed body into lines ({@code \n}, {@code \r\n} or {@code \r}) like {@code
 * BodySubscribers.fromLineSubscriber}, but refuses a line longer than {@code maxLineBytes}: the
 * JDK's splitter buffers a line without limit, so a provider (or anything posing as one) that never
 * sends a newline would fill the heap. The excess ends the call as {@link
 * UpstreamFailure.Kind#OVERSIZED}, delivered to {@code lines.onError}.
 *
 * <p>It runs for every byte a provider sends, so it looks for line ends with plain index reads and
 * copies the bytes between them in bulk into one reused array (a {@code ByteArrayOutputStream}
 * written byte by byte took a lock per byte).
 */
final class UpstreamLines implements Flow.Subscriber<List<ByteBuffer>> {

  static final int MAX_LINE_BYTES = 1 << 20;

  private final Flow.Subscriber<String> lines;
  private final Runnable batchDone;
  private final int maxLineBytes;

  /** A line this long or longer is not kept for the next one (one long line, then short ones). */
  private static final int KEPT_CAPACITY = 16 * 1024;

  private byte[] line = new byte[256];
  private int length;
  private Flow.Subscription subscription;
  private boolean afterCarriageReturn;
  private boolean done;

  UpstreamLines(Flow.Subscriber<String> lines, int maxLineBytes) {
    this(lines, maxLineBytes, () -> {});
  }

  /**
   * @param batchDone runs after each batch of buffers is read through, for a consumer that asks for
   *     one batch at a time (back-pressure); it may request the next one
   */
  UpstreamLines(Flow.Subscriber<String> lines, int maxLineBytes, Runnable batchDone) {
    this.lines = lines;
    this.maxLineBytes = maxLineBytes;
    this.batchDone = batchDone;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    lines.onSubscribe(subscription); // demand and cancellation stay with the line consumer
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      int at = buffer.position();
      int limit = buffer.limit();
      byte[] array = buffer.hasArray() ? buffer.array() : null;
      int offset = array != null ? buffer.arrayOffset() : 0;
      while (at < limit && !done) {
        if (afterCarriageReturn && byteAt(buffer, array, offset, at) == '\n') {
          afterCarriageReturn = false; // the \n of \r\n: the line was emitted at the \r
          at++;
          continue;
        }
        afterCarriageReturn = false;
        int end =
            array != null
                ? lineEnd(array, offset + at, offset + limit) - offset
                : lineEnd(buffer, at, limit);
        if (!append(buffer, at, end - at)) {
          return;
        }
        if (end == limit) {
          at = limit; // the line goes on in the next buffer
        } else {
          afterCarriageReturn = byteAt(buffer, array, offset, end) == '\r';
          at = end + 1;
          emit();
        }
      }
      buffer.position(at);
    }
    if (!done) {
      batchDone.run();
    }
  }

  /**
   * The index of the first line end in {@code [from, to)}, or {@code to}. The buffers the HTTP
   * client hands over are of more than one class, which made {@code ByteBuffer.get(int)} a call per
   * byte that the JIT would not inline; a heap buffer's array is scanned directly.
   */
  private static int lineEnd(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to && bytes[i] != '\n' && bytes[i] != '\r') {
      i++;
    }
    return i;
  }

  private static int lineEnd(ByteBuffer buffer, int from, int to) {
    int i = from;
    byte b;
    while (i < to && (b = buffer.get(i)) != '\n' && b != '\r') {
      i++;
    }
    return i;
  }

  private static byte byteAt(ByteBuffer buffer, byte[] array, int offset, int index) {
    return array != null ? array[offset + index] : buffer.get(index);
  }

  /** Adds bytes to the line; false (and the call failed as oversized) past the cap. */
  private boolean append(ByteBuffer buffer, int from, int count) {
    if (count == 0) {
      return true;
    }
    if (length + count > maxLineBytes) {
      done = true;
      subscription.cancel();
      lines.onError(
          new UpstreamFailure(
              UpstreamFailure.Kind.OVERSIZED,
              "provider sent a line longer than " + maxLineBytes + " bytes"));
      return false;
    }
    if (length + count > line.length) {
      line =
          Arrays.copyOf(
              line, (int) Math.min(maxLineBytes, Math.max(2L * line.length, length + count)));
    }
    buffer.get(from, line, length, count);
    length += count;
    return true;
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
    if (length > 0) {
      emit();
    }
    done = true;
    lines.onComplete();
  }

  private void emit() {
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    length = 0;
    if (line.length >= KEPT_CAPACITY) {
      line = new byte[256];
    }
    lines.onNext(text);
  }
}
