package com.cogniforge.gateway.api;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.http.NonBlockingWriter;
import com.cogniforge.gateway.providers.OpenAiWire;
import com.cogniforge.gateway.providers.UpstreamDelta;
import com.cogniforge.gateway.relay.StreamStart;
import com.cogniforge.gateway.relay.StreamSummary;
import jakarta.servlet.AsyncContext;

/**
 * A non-streamed Chat Completions answer: the message (text, tool calls, reasoning) collected into
 * one {@code chat.completion} document (see {@link JsonAnswer} for how a client that leaves is
 * noticed).
 */
final class OpenAiCompletionResponse extends JsonAnswer {

  private final AssembledMessage message = new AssembledMessage();
  private volatile String providerFields;

  OpenAiCompletionResponse(AsyncContext async, NonBlockingWriter writer) {
    super(async, writer);
  }

  @Override
  public void providerFields(String members) {
    providerFields = members;
  }

  @Override
  void collect(String text) {
    message.text(text);
  }

  @Override
  void collect(UpstreamDelta delta) {
    message.delta(delta);
  }

  @Override
  String document(StreamStart start, StreamSummary summary) {
    String completion =
        message.completion(
            "chatcmpl-" + start.requestId(),
            start.createdEpochSeconds(),
            start.model(),
            summary.finishReason(),
            summary.promptTokens(),
            summary.completionTokens(),
            OpenAiChunkStream.known(summary, summary.cachedPromptTokens()),
            OpenAiChunkStream.known(summary, summary.reasoningTokens()),
            summary.costUsd());
    return OpenAiWire.withProviderFields(completion, providerFields);
  }

  @Override
  String errorDocument(ApiError error) {
    return error.toJson();
  }
}
