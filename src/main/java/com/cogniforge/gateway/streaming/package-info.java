/**
 * The client side: the native SSE and OpenAI-compatible endpoints (thin), the relay that moves a
 * provider's chunks to a client as they arrive, heartbeats, cancellation and usage booking. Start
 * at {@link com.cogniforge.gateway.streaming.StreamRelay}.
 */
package com.cogniforge.gateway.streaming;
