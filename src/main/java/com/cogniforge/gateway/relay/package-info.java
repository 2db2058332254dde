/**
 * The streaming engine: moving a provider's chunks to the client as they arrive. {@link
 * com.cogniforge.gateway.relay.AttemptRace} calls the models (fallback, hedge), {@link
 * com.cogniforge.gateway.relay.ClientFeed} writes to the client (chunking, heartbeats, a client
 * gone), {@link com.cogniforge.gateway.relay.RelayedStream} ends each stream once (settlement,
 * cache, usage record); cached replays and coalesced followers are streams too. Its collaborators
 * come in through {@link com.cogniforge.gateway.relay.RelayServices}, so it runs in unit tests.
 */
package com.cogniforge.gateway.relay;
