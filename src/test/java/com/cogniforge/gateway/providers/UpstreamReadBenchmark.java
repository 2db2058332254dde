package com.cogniforge.gateway.providers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-token read path before decoding: one upstream event as the HTTP client hands it over (its
 * bytes in a buffer, {@code data: {...}\n\n}), split into lines by {@link UpstreamLines} and
 * reassembled by {@link UpstreamEventParser}, as {@link UpstreamCall} does. In this package because
 * the line splitter is package-private. Run with {@code -prof gc} to see bytes allocated per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UpstreamReadBenchmark {

  private static final byte[] EVENT =
      ("data: {\"id\":\"chatcmpl-9x8Yz\",\"object\":\"chat.completion.chunk\",\"created\":1732450000,"
              + "\"model\":\"openai/gpt-4o-mini\",\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":"
              + "[{\"index\":0,\"delta\":{\"content\":\" relays\"},\"logprobs\":null,"
              + "\"finish_reason\":null}]}\n\n")
          .getBytes(StandardCharsets.UTF_8);

  private Blackhole sink;
  private final UpstreamEventParser parser = new UpstreamEventParser();
  private final UpstreamLines lines =
      new UpstreamLines(
          new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {}

            @Override
            public void onNext(String line) {
              try {
                String data = parser.feed(line);
                if (data != null) {
                  sink.consume(data);
                }
              } catch (UpstreamFailure e) {
                throw new IllegalStateException(e);
              }
            }

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
          },
          UpstreamLines.MAX_LINE_BYTES);

  /** One event's bytes to its data string. */
  @Benchmark
  public void upstreamEventReading(Blackhole blackhole) {
    sink = blackhole;
    lines.onNext(List.of(ByteBuffer.wrap(EVENT)));
  }
}
