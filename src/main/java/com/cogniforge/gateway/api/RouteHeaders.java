package com.cogniforge.gateway.api;

import com.cogniforge.gateway.relay.ChatStream;
import com.cogniforge.gateway.routing.RouteDecision;
import jakarta.servlet.http.HttpServletResponse;

/** Response headers that tell a client which tier and model served it, and why. */
final class RouteHeaders {

  static final String TIER = "X-CogniForge-Tier";
  static final String MODEL = "X-CogniForge-Model";
  static final String REASON = "X-CogniForge-Route-Reason";

  /** What a non-streamed answer cost in USD (0 from the cache); a stream says it in its usage. */
  static final String COST = "X-CogniForge-Cost-USD";

  private RouteHeaders() {}

  static void set(HttpServletResponse response, ChatStream stream) {
    set(response, stream.route());
    response.setHeader("X-CogniForge-Cache", stream.cacheStatus());
  }

  static void set(HttpServletResponse response, RouteDecision route) {
    if (route.tier() != null) {
      response.setHeader(TIER, route.tier().name());
    }
    response.setHeader(MODEL, safe(route.model()));
    response.setHeader(REASON, safe(route.reason()));
  }

  /**
   * Starts a 200 event stream: SSE content type, no caching, and no buffering by NGINX (which would
   * hold tokens back until its buffer fills).
   */
  static void eventStream(HttpServletResponse response) {
    response.setStatus(200);
    response.setContentType("text/event-stream");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
  }

  /** Header values must be printable ASCII: anything else becomes '?'. */
  static String safe(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length() && i < 300; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return out.toString();
  }
}
