package com.cogniforge.gateway.keys;

import java.util.Set;

/**
 * Client keys that stopped working since the keys were last read: revoked (on this instance or
 * another sharing the database) or past the grace period of a rotation. Fired as a CDI event so
 * that the streaming engine, above this package, can end their open streams.
 */
public record KeysWithdrawn(Set<Long> keyIds) {}
