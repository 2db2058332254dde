package com.cogniforge.gateway.streaming;

import com.cogniforge.gateway.providers.ChatRequest;

/**
 * A chat request as a client sent it, validated.
 *
 * @param request what goes upstream (its model is the one the client asked for, maybe null)
 * @param stream whether the client wants a stream (always true on the native SSE endpoint)
 * @param includeUsage whether an OpenAI stream ends with a usage chunk
 * @param tier the tier the client asked for (NANO, FAST, SMART, GENIUS), or null
 */
public record ChatInput(ChatRequest request, boolean stream, boolean includeUsage, String tier) {}
