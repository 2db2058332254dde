package com.cogniforge.gateway.api;

import com.cogniforge.gateway.providers.OpenAiWire;
import com.cogniforge.gateway.providers.UpstreamDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The assistant message of a non-streaming answer, put together from the streamed chunks: text,
 * reasoning, refusal, and tool calls whose fragments (id and name first, then pieces of the
 * arguments) are merged by index, however the calls interleave. Not thread-safe.
 */
final class AssembledMessage {

  private final StringBuilder text = new StringBuilder();
  private StringBuilder reasoning; // null until the provider sends some
  private StringBuilder refusal;
  private final TreeMap<Integer, ToolCall> toolCalls = new TreeMap<>();

  private static final class ToolCall {
    String id;
    String type;
    final StringBuilder name = new StringBuilder();
    final StringBuilder arguments = new StringBuilder();
  }

  void text(String token) {
    text.append(token);
  }

  void delta(UpstreamDelta delta) {
    if (delta.text() != null) {
      text.append(delta.text());
    }
    if (delta.reasoning() != null) {
      reasoning = (reasoning == null ? new StringBuilder() : reasoning).append(delta.reasoning());
    }
    if (delta.refusal() != null) {
      refusal = (refusal == null ? new StringBuilder() : refusal).append(delta.refusal());
    }
    for (UpstreamDelta.ToolCallFragment fragment : delta.toolCalls()) {
      ToolCall call = toolCalls.computeIfAbsent(fragment.index(), index -> new ToolCall());
      if (fragment.id() != null) {
        call.id = fragment.id();
      }
      if (fragment.type() != null) {
        call.type = fragment.type();
      }
      if (fragment.name() != null) {
        call.name.append(fragment.name());
      }
      if (fragment.arguments() != null) {
        call.arguments.append(fragment.arguments());
      }
    }
  }

  /** The whole {@code chat.completion} document. */
  String completion(
      String id,
      long created,
      String model,
      String finishReason,
      int promptTokens,
      int completionTokens,
      int cachedPromptTokens,
      int reasoningTokens,
      double costUsd) {
    List<UpstreamDelta.ToolCallFragment> calls = new ArrayList<>(toolCalls.size());
    for (Map.Entry<Integer, ToolCall> call : toolCalls.entrySet()) {
      ToolCall merged = call.getValue();
      calls.add(
          new UpstreamDelta.ToolCallFragment(
              call.getKey(),
              merged.id,
              merged.type == null ? "function" : merged.type,
              merged.name.toString(),
              merged.arguments.toString()));
    }
    return OpenAiWire.completion(
        id,
        created,
        model,
        text.toString(),
        reasoning == null ? null : reasoning.toString(),
        refusal == null ? null : refusal.toString(),
        calls,
        finishReason,
        promptTokens,
        completionTokens,
        cachedPromptTokens,
        reasoningTokens,
        costUsd);
  }
}
