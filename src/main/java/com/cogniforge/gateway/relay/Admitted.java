package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.routing.RouteDecision;
import com.cogniforge.gateway.usage.UsageRecord;
import java.time.Instant;

/**
 * A request the admission pipeline accepted, with its final route.
 *
 * @param promptTokens the gateway's estimate of the prompt, until the provider counts it
 */
public record Admitted(RequestInfo info, ChatInput input, RouteDecision route, int promptTokens) {

  /** The start of the usage record, with what the client asked. */
  UsageRecord.Builder usage(Instant startedAt) {
    return info.usage(startedAt, input.stream(), input.request().model());
  }

  /** The routed tier's name, or null for a model in no tier. */
  String tierName() {
    return route.tier() == null ? null : route.tier().name();
  }
}
