package com.cogniforge.gateway.relay;

import java.time.Duration;

/**
 * The live settings a stream reads when it starts.
 *
 * @param hybrid hybrid streaming: hedging, adaptive chunking and the cache are on
 * @param chunkSize tokens per client event at most (adaptive chunking, hybrid only)
 * @param heartbeat how often an idle client connection gets a keep-alive
 */
public record RelayOptions(boolean hybrid, int chunkSize, Duration heartbeat) {}
