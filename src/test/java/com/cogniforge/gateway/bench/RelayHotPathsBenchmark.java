package com.cogniforge.gateway.bench;

import com.cogniforge.gateway.JsonText;
import com.cogniforge.gateway.cache.CacheKey;
import com.cogniforge.gateway.providers.ChatMessage;
import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.providers.OpenAiWire;
import com.cogniforge.gateway.providers.ProviderKind;
import com.cogniforge.gateway.providers.StreamDecoder;
import com.cogniforge.gateway.providers.UpstreamChunk;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.providers.UpstreamEventParser;
import com.cogniforge.gateway.providers.UpstreamFailure;
import java.util.List;
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

/**
 * The per-request and per-token work of a relayed stream: the cache key of a request (once per
 * request in hybrid mode), reading one upstream chunk (once per token: SSE line reassembly and JSON
 * decoding) and writing one OpenAI chunk to the client (once per token: JSON and the {@code data:}
 * frame). Run with {@code -prof gc} to see bytes allocated per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RelayHotPathsBenchmark {

  private static final String UPSTREAM_LINE =
      "data: {\"id\":\"chatcmpl-9x8Yz\",\"object\":\"chat.completion.chunk\",\"created\":1732450000,"
          + "\"model\":\"openai/gpt-4o-mini\",\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":"
          + "[{\"index\":0,\"delta\":{\"content\":\" relays\"},\"logprobs\":null,"
          + "\"finish_reason\":null}]}";

  /** A tool call fragment: passed through raw, so it costs a substring on top of the parse. */
  private static final String TOOL_CALL_LINE =
      "data: {\"id\":\"chatcmpl-9x8Yz\",\"object\":\"chat.completion.chunk\",\"created\":1732450000,"
          + "\"model\":\"openai/gpt-4o-mini\",\"system_fingerprint\":\"fp_0ba0d124f1\",\"choices\":"
          + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
          + "\"city\\\":\\\"Par\"}}]},\"logprobs\":null,\"finish_reason\":null}]}";

  private final UpstreamDelta toolCallDelta = decodeOnce(TOOL_CALL_LINE.substring(6));

  private static UpstreamDelta decodeOnce(String json) {
    try {
      return UpstreamChunk.decode(json).delta();
    } catch (UpstreamFailure e) {
      throw new IllegalStateException(e);
    }
  }

  private final ChatRequest request =
      new ChatRequest(
          "openai/gpt-4o-mini",
          List.of(
              new ChatMessage("system", "You are a helpful assistant. Answer precisely."),
              new ChatMessage(
                  "user",
                  "Compare relational and document databases for an order system with 10,000"
                      + " orders a day. Which would you choose and why?")),
          256,
          JsonText.parseObject("{\"temperature\":0.2,\"top_p\":0.9,\"seed\":7}"));

  private final UpstreamEventParser parser = new UpstreamEventParser();

  @Benchmark
  public String cacheKey() {
    return CacheKey.of("openai/gpt-4o-mini", request);
  }

  /** One upstream line and the blank line that ends its event, then the chunk's JSON decoded. */
  @Benchmark
  public UpstreamChunk upstreamChunkParsing() throws UpstreamFailure {
    parser.feed(UPSTREAM_LINE);
    return UpstreamChunk.decode(parser.feed(""));
  }

  private final StreamDecoder openAiDecoder = openAiDecoderPastItsFirstChunk();
  private final java.util.function.Consumer<UpstreamChunk> sink = chunk -> lastChunk = chunk;
  private UpstreamChunk lastChunk;

  private static StreamDecoder openAiDecoderPastItsFirstChunk() {
    StreamDecoder decoder = ProviderKind.OPENAI.wire().decoder();
    try {
      decoder.decode(UPSTREAM_LINE.substring(6), chunk -> {}); // the first chunk names the model
    } catch (UpstreamFailure e) {
      throw new IllegalStateException(e);
    }
    return decoder;
  }

  /**
   * The same line as {@link #upstreamChunkParsing}, through the OpenAI decoder as a stream's later
   * chunks go: a text-only chunk is read without the JSON parser ({@code PlainContentChunk}).
   */
  @Benchmark
  public UpstreamChunk upstreamChunkDecoding() throws UpstreamFailure {
    parser.feed(UPSTREAM_LINE);
    openAiDecoder.decode(parser.feed(""), sink);
    return lastChunk;
  }

  /** One tool call fragment line, decoded (raw choice kept, fragment read). */
  @Benchmark
  public UpstreamChunk toolCallChunkParsing() throws UpstreamFailure {
    parser.feed(TOOL_CALL_LINE);
    return UpstreamChunk.decode(parser.feed(""));
  }

  /** What the OpenAI endpoint writes per tool call fragment: the raw choice in our frame. */
  @Benchmark
  public byte[] toolCallChunkEncoding() {
    return OpenAiWire.sseFrame(
        OpenAiWire.deltaChunk(
            "chatcmpl-req_c0086222e06b0256", 1732450000L, "openai/gpt-4o-mini", toolCallDelta));
  }

  /**
   * What the OpenAI-compatible endpoint writes per token: the chunk's JSON, framed as SSE bytes.
   */
  @Benchmark
  public byte[] sseChunkEncoding() {
    String json =
        OpenAiWire.contentChunk(
            "chatcmpl-req_c0086222e06b0256", 1732450000L, "openai/gpt-4o-mini", " relays");
    return OpenAiWire.sseFrame(json);
  }

  /**
   * The same frame as {@link #sseChunkEncoding}, as the OpenAI endpoint now writes it per token.
   */
  @Benchmark
  public byte[] sseChunkFrame() {
    return contentFrames.frame(" relays");
  }

  private final OpenAiWire.ContentFrames contentFrames =
      new OpenAiWire.ContentFrames(
          "chatcmpl-req_c0086222e06b0256", 1732450000L, "openai/gpt-4o-mini");

  /** The native endpoint's token event data ({@code {"text":...}}), before Jersey frames it. */
  @Benchmark
  public String nativeTokenEncoding() {
    StringBuilder json = new StringBuilder(" relays".length() + 12).append("{\"text\":");
    return JsonText.quote(json, " relays").append('}').toString();
  }
}
