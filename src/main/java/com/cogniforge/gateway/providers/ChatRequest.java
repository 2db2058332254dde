package com.cogniforge.gateway.providers;

import jakarta.json.JsonObject;
import java.util.List;

/**
 * A validated chat request, whichever endpoint it came from.
 *
 * @param model the model the client asked for, or {@code null} for the default
 * @param messages the conversation, at least one message
 * @param maxTokens the client's completion cap, or {@code null}
 * @param options other OpenAI request fields (sampling parameters, {@code extra_body} fields),
 *     passed to the provider as they are
 */
public record ChatRequest(
    String model, List<ChatMessage> messages, Integer maxTokens, JsonObject options) {

  public ChatRequest {
    messages = List.copyOf(messages);
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
