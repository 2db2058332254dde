package com.cogniforge.gateway.providers;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * A validated chat request, whichever endpoint it came from.
 *
 * @param model the model the client asked for, or {@code null} for the default
 * @param messages the conversation, at least one message
 * @param maxTokens the completion cap: the client's, else its key's, else the gateway default
 *     (admission sets one before the request goes upstream); {@code null} only before admission
 * @param options other OpenAI request fields (sampling parameters, {@code extra_body} fields),
 *     passed to the provider as they are
 * @param maxTokensField the name the cap goes upstream under: {@code max_tokens}, or {@code
 *     max_completion_tokens} when the client used that (OpenAI reasoning models accept only it)
 * @param thinkingBudget the exact thinking budget a Messages API client asked for ({@code
 *     thinking.budget_tokens}), or {@code null}: {@code reasoning_effort} in {@code options} says
 *     the same to other providers, this gives an Anthropic provider the client's own figure back
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    Integer maxTokens,
    JsonObject options,
    String maxTokensField,
    Integer thinkingBudget) {

  public static final String MAX_TOKENS = "max_tokens";
  public static final String MAX_COMPLETION_TOKENS = "max_completion_tokens";

  public ChatRequest {
    messages = List.copyOf(messages);
    if (!MAX_COMPLETION_TOKENS.equals(maxTokensField)) {
      maxTokensField = MAX_TOKENS;
    }
  }

  public ChatRequest(
      String model, List<ChatMessage> messages, Integer maxTokens, JsonObject options) {
    this(model, messages, maxTokens, options, MAX_TOKENS);
  }

  public ChatRequest(
      String model,
      List<ChatMessage> messages,
      Integer maxTokens,
      JsonObject options,
      String maxTokensField) {
    this(model, messages, maxTokens, options, maxTokensField, null);
  }

  /** The same request with another completion cap, sent under the same field name. */
  public ChatRequest withMaxTokens(int cap) {
    return new ChatRequest(model, messages, cap, options, maxTokensField, thinkingBudget);
  }

  /** Total characters of all message contents: the input of token estimates. */
  public int promptChars() {
    int chars = 0;
    for (ChatMessage message : messages) {
      chars += message.content().length() + 4 * message.extraTokens();
    }
    return chars;
  }
}
