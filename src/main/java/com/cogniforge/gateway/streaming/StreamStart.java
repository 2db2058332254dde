package com.cogniforge.gateway.streaming;

/**
 * What a stream announces before its first token, and again (with {@code fallbackFrom}) when a
 * failing model is replaced by the next one before any token was sent.
 */
record StreamStart(
    String requestId,
    String model,
    String tier,
    String routeReason,
    String provider,
    long createdEpochSeconds,
    String fallbackFrom,
    boolean cached) {}
