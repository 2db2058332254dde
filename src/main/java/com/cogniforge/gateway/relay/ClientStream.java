package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.providers.UpstreamDelta;

/**
 * The client side of one relayed chat, in the client's own wire format (native SSE events, OpenAI
 * chunks, or one OpenAI JSON document). Implementations are thread-safe: tokens, heartbeats and
 * time-outs arrive on different threads.
 */
public interface ClientStream {

  void open(StreamStart start);

  /** Relays generated text; returns false if the client is gone. */
  boolean token(String text);

  /**
   * Relays a chunk with more than text (tool calls, reasoning, refusal, logprobs...), as the
   * provider wrote it; returns false if the client is gone.
   */
  boolean delta(UpstreamDelta delta);

  /**
   * The provider's own top-level fields of its answer ({@code system_fingerprint}, {@code
   * service_tier}...), as JSON members without braces: once, before the first token or delta. An
   * OpenAI client gets them in every chunk (or in the completion), as the provider sent them; the
   * other wire formats have no place for them.
   */
  default void providerFields(String members) {}

  /** Keeps an idle connection alive; returns false if the client is gone. */
  boolean heartbeat();

  void done(StreamSummary summary);

  void fail(ApiError error);

  /** Registers what to do, once, when the client disconnects. */
  void onClientGone(Runnable callback);

  /**
   * Whether the client was given up on for not reading what it was sent (it fell too far behind, or
   * nothing reached it for the write time-out), rather than for hanging up.
   */
  default boolean tooSlow() {
    return false;
  }

  /**
   * For a sender that could produce faster than any client reads (a cache replay): true if the
   * client can take more now; otherwise false, and {@code resume} runs once when it can. A client
   * that goes away meanwhile is reported through {@link #onClientGone} instead.
   */
  default boolean awaitRoom(Runnable resume) {
    return true;
  }

  /** The usage record's error code for a client that left: hung up, or given up on. */
  static String goneCode(ClientStream client) {
    return client.tooSlow() ? "client_too_slow" : "client_disconnected";
  }
}
