package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.routing.RouteDecision;

/** A prepared chat: relayed from a provider, or replayed from the response cache. */
public interface ChatStream {

  RouteDecision route();

  /** Whether the answer comes from the response cache. */
  default boolean cached() {
    return false;
  }

  /** The {@code X-CogniForge-Cache} header: HIT, MISS, or COALESCED (joined a call in flight). */
  default String cacheStatus() {
    return cached() ? "HIT" : "MISS";
  }

  void start(ClientStream client);
}
