package com.cogniforge.gateway.streaming;

/** What a stream announces before its first token. */
record StreamStart(String requestId, String model, String provider, long createdEpochSeconds) {}
