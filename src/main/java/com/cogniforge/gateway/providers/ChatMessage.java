package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.JsonText;
import jakarta.json.JsonObject;

/**
 * One message of a conversation: the message exactly as the client wrote it ({@code json}, which
 * goes upstream unchanged: content parts, {@code tool_calls}, {@code tool_call_id}, {@code name},
 * {@code refusal}, reasoning fields...), and what the gateway reads from it.
 *
 * @param role the message's role
 * @param content the text of its text parts, for the query classifier and token estimates
 * @param extraTokens estimated tokens of what is not text: images and other media (a fixed estimate
 *     each), tool call arguments
 * @param json the message as the client sent it
 */
public record ChatMessage(String role, String content, int extraTokens, JsonObject json) {

  /** A plain text message (the native endpoint's {@code q}, probes). */
  public ChatMessage(String role, String content) {
    this(
        role,
        content,
        0,
        JsonText.BUILDERS.createObjectBuilder().add("role", role).add("content", content).build());
  }
}
