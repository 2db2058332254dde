package com.cogniforge.gateway.relay;

/**
 * What a stream announces before its first token, and again (with {@code fallbackFrom}) when a
 * failing model is replaced by the next one before any token was sent, or when a hedged backup
 * request answered first ({@code hedged}, with {@code fallbackFrom} naming the slow model). {@code
 * coalesced} says the answer is shared with an identical request already in flight.
 */
public record StreamStart(
    String requestId,
    String model,
    String tier,
    String routeReason,
    String provider,
    long createdEpochSeconds,
    String fallbackFrom,
    boolean cached,
    boolean hedged,
    boolean coalesced) {}
