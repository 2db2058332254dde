package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.JsonDocuments;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A client key as {@code /api/v1/keys} shows it: never its secret, except in {@link Issued}, the
 * answer to its creation or rotation.
 */
@JsonbPropertyOrder({
  "id",
  "name",
  "prefix",
  "state",
  "createdAt",
  "expiresAt",
  "revokedAt",
  "dailyBudgetUsd",
  "requestsPerMinute",
  "tokensPerMinute",
  "allowedTiers",
  "allowedModels",
  "maxTokens",
  "allowedOptions",
  "spentTodayUsd"
})
public record KeyDocument(
    long id,
    String name,
    String prefix,
    String state,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    Double dailyBudgetUsd,
    Integer requestsPerMinute,
    Integer tokensPerMinute,
    Set<String> allowedTiers,
    Set<String> allowedModels,
    Integer maxTokens,
    Set<String> allowedOptions,
    BigDecimal spentTodayUsd) {

  /** Every key. */
  public record Keys(List<KeyDocument> keys) {}

  /** A new key: its secret, shown this once, and its details. */
  @JsonbPropertyOrder({"key", "details"})
  public record Issued(String key, KeyDocument details) {}

  static KeyDocument of(ClientKey key, double spentTodayUsd, Instant now) {
    KeyLimits l = key.limits();
    return new KeyDocument(
        key.id(),
        key.name(),
        key.prefix(),
        key.state(now),
        key.createdAt(),
        key.expiresAt(),
        key.revokedAt(),
        l.dailyBudgetUsd(),
        l.requestsPerMinute(),
        l.tokensPerMinute(),
        l.allowedTiers(),
        l.allowedModels(),
        l.maxTokens(),
        l.allowedOptions(),
        JsonDocuments.decimal(spentTodayUsd, 8));
  }
}
