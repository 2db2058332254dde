package com.cogniforge.gateway.providers;

import java.net.http.HttpRequest;

/**
 * One provider wire format: how a chat request is written for it, how its stream is read back into
 * {@link UpstreamChunk}s (the OpenAI-shaped chunks every client endpoint relays), and how its error
 * bodies are read. Implementations are stateless; the per-call state lives in the {@link
 * StreamDecoder}.
 */
public interface ProviderWire {

  /**
   * The streaming HTTP request for {@code upstreamModel}: address, authentication, the provider's
   * extra headers and the body. The gateway's completion cap ({@link ChatRequest#maxTokens()}) must
   * go upstream under this format's name for it.
   *
   * @throws UpstreamFailure of kind {@code UNTRANSLATABLE} when the request holds something this
   *     format cannot carry (never dropped silently): another provider may still serve it
   */
  HttpRequest.Builder request(Provider provider, String upstreamModel, ChatRequest request)
      throws UpstreamFailure;

  /** A new decoder for one call's stream. */
  StreamDecoder decoder();

  /** What a provider's error body says, in a few words, from this format's error shape. */
  default String errorMessage(String body) {
    return ProviderErrors.summarize(body);
  }

  /**
   * Seconds the provider's error body asks the gateway to wait, for formats that put the hint there
   * (Google's {@code RetryInfo}) rather than in a {@code Retry-After} header; {@code null} when it
   * gives none. The header, when present, wins.
   */
  default Long retryAfterSeconds(String errorBody) {
    return null;
  }
}
