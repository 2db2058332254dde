package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.providers.ChatRequest;
import com.cogniforge.gateway.routing.Router;

/**
 * A chat request as a client sent it, validated.
 *
 * @param request what goes upstream (its model is the one the client asked for, maybe null)
 * @param stream whether the client wants a stream (always true on the native SSE endpoint)
 * @param includeUsage whether an OpenAI stream ends with a usage chunk
 * @param tier the tier the client asked for (NANO, FAST, SMART, GENIUS), or null
 * @param cacheAllowed false when the client opted out of the response cache ({@code "cache":
 *     false})
 */
public record ChatInput(
    ChatRequest request, boolean stream, boolean includeUsage, String tier, boolean cacheAllowed) {

  /** Whether the client named a model (not {@code auto}). */
  public boolean explicitModel() {
    return request.model() != null && !request.model().equals(Router.AUTO);
  }

  /** The same input with a completion cap (a client key's, or the gateway's default). */
  public ChatInput withMaxTokens(int maxTokens) {
    return new ChatInput(
        request.withMaxTokens(maxTokens), stream, includeUsage, tier, cacheAllowed);
  }
}
