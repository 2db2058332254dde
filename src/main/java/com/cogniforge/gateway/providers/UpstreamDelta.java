package com.cogniforge.gateway.providers;

import java.util.List;

/**
 * A chunk whose first choice carries more than plain text: tool calls, reasoning, a refusal,
 * logprobs, annotations... The choice travels as the provider wrote it ({@code choiceJson}, which
 * the OpenAI endpoint writes back into its own chunk); the fields beside it are what the gateway
 * reads from it (token estimates, the native endpoint's events, the non-streaming answer).
 *
 * @param choiceJson the first choice object as the provider sent it ({@code index}, {@code delta},
 *     {@code logprobs}, {@code finish_reason}...)
 * @param text {@code delta.content}, or {@code null}
 * @param reasoning reasoning text ({@code reasoning_content} or {@code reasoning}), or {@code null}
 * @param refusal {@code delta.refusal}, or {@code null}
 * @param toolCalls the tool call fragments of this chunk, in order (several calls may interleave)
 * @param finishReason the choice's finish reason, or {@code null}
 */
public record UpstreamDelta(
    String choiceJson,
    String text,
    String reasoning,
    String refusal,
    List<ToolCallFragment> toolCalls,
    String finishReason) {

  public UpstreamDelta {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * One piece of a streamed tool call: the first piece of a call has its id, type and name; the
   * following ones carry fragments of its JSON arguments. Pieces of one call share its index.
   */
  public record ToolCallFragment(
      int index, String id, String type, String name, String arguments) {}

  /** Characters of generated output in this chunk, for completion token estimates. */
  public int outputChars() {
    int chars = length(text) + length(reasoning) + length(refusal);
    for (ToolCallFragment call : toolCalls) {
      chars += length(call.name()) + length(call.arguments());
    }
    return chars;
  }

  private static int length(String value) {
    return value == null ? 0 : value.length();
  }
}
