package com.cogniforge.gateway.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class UpstreamLinesTest {

  /** Records what the line consumer hears. */
  private static final class Recorder implements Flow.Subscriber<String> {
    final List<String> lines = new ArrayList<>();
    Throwable error;
    boolean complete;

    @Override
    public void onSubscribe(Flow.Subscription subscription) {}

    @Override
    public void onNext(String line) {
      lines.add(line);
    }

    @Override
    public void onError(Throwable error) {
      this.error = error;
    }

    @Override
    public void onComplete() {
      complete = true;
    }
  }

  private static final Flow.Subscription NONE =
      new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
      };

  private static List<ByteBuffer> bytes(String text) {
    return List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void splitsOnEveryLineEndingAcrossBuffers() {
    Recorder out = new Recorder();
    UpstreamLines lines = new UpstreamLines(out, 100);
    lines.onSubscribe(NONE);
    lines.onNext(bytes("data: a\r"));
    lines.onNext(bytes("\ndata: é\n\rlast"));
    lines.onComplete();
    assertEquals(List.of("data: a", "data: é", "", "last"), out.lines);
    assertTrue(out.complete);
  }

  @Test
  void aLineBeyondTheCapFailsTheCallAsOversized() {
    Recorder out = new Recorder();
    UpstreamLines lines = new UpstreamLines(out, 100);
    lines.onSubscribe(NONE);
    lines.onNext(bytes("data: " + "x".repeat(200)));
    assertTrue(out.error instanceof UpstreamFailure, String.valueOf(out.error));
    assertEquals(UpstreamFailure.Kind.OVERSIZED, ((UpstreamFailure) out.error).kind());
  }

  @Test
  void readsFromTheBuffersPositionAndConsumesIt() {
    Recorder out = new Recorder();
    UpstreamLines lines = new UpstreamLines(out, 100);
    lines.onSubscribe(NONE);
    ByteBuffer buffer =
        ByteBuffer.wrap("skipdata: x\n\ndata: y\r\n".getBytes(StandardCharsets.UTF_8));
    buffer.position(4);
    lines.onNext(List.of(buffer, ByteBuffer.wrap(new byte[0])));
    assertEquals(0, buffer.remaining());
    lines.onNext(bytes("\n:c\n"));
    lines.onComplete();
    assertEquals(List.of("data: x", "", "data: y", "", ":c"), out.lines);
  }

  @Test
  void aLineExactlyAtTheCapIsKeptAndLongLinesSpanBuffers() {
    Recorder out = new Recorder();
    UpstreamLines lines = new UpstreamLines(out, 1000);
    lines.onSubscribe(NONE);
    String atCap = "y".repeat(1000);
    lines.onNext(bytes(atCap.substring(0, 300)));
    lines.onNext(bytes(atCap.substring(300) + "\nz\n"));
    assertEquals(List.of(atCap, "z"), out.lines);
    lines.onNext(bytes("w".repeat(1001)));
    assertTrue(out.error instanceof UpstreamFailure, String.valueOf(out.error));
  }

  @Test
  void readsDirectAndReadOnlyBuffersAlike() {
    Recorder out = new Recorder();
    UpstreamLines lines = new UpstreamLines(out, 100);
    lines.onSubscribe(NONE);
    byte[] text = "data: a\r".getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(text.length).put(text).flip();
    lines.onNext(
        List.of(direct, ByteBuffer.wrap(bytes("\nb\n").get(0).array()).asReadOnlyBuffer()));
    assertEquals(List.of("data: a", "b"), out.lines);
  }
}
