package com.cogniforge.gateway.keys;

import java.time.Instant;

/**
 * A client key as the gateway holds it in memory: never the key itself, only its salted hash.
 *
 * @param prefix the key's first characters, to find it and to show it to operators
 * @param expiresAt set on the old key of a rotation: it stops working then
 */
public record ClientKey(
    long id,
    String name,
    String prefix,
    byte[] salt,
    byte[] hash,
    Instant createdAt,
    Instant revokedAt,
    Instant expiresAt,
    KeyLimits limits) {

  /** The servlet request attribute under which an authenticated request carries its key. */
  public static final String ATTRIBUTE = ClientKey.class.getName();

  public boolean usableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  public String state(Instant now) {
    if (revokedAt != null) {
      return "revoked";
    }
    if (expiresAt != null) {
      return now.isBefore(expiresAt) ? "expiring" : "expired";
    }
    return "active";
  }
}
