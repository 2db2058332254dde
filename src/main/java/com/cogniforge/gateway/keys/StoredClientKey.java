package com.cogniforge.gateway.keys;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/** The {@code client_key} row. The key itself is never stored: a salted SHA-256 of it is. */
@Entity
@Table(name = "client_key")
public class StoredClientKey {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String prefix;

  @Column(nullable = false)
  private String salt;

  @Column(name = "key_hash", nullable = false)
  private String keyHash;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "created_by", nullable = false)
  private String createdBy;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "daily_budget_usd")
  private Double dailyBudgetUsd;

  @Column(name = "requests_per_minute")
  private Integer requestsPerMinute;

  @Column(name = "tokens_per_minute")
  private Integer tokensPerMinute;

  @Column(name = "allowed_tiers")
  private String allowedTiers;

  @Column(name = "allowed_models", length = 2000)
  private String allowedModels;

  @Column(name = "max_tokens")
  private Integer maxTokens;

  @Column(name = "allowed_options", length = 200)
  private String allowedOptions;

  protected StoredClientKey() {}

  StoredClientKey(String name, String prefix, byte[] salt, byte[] hash, String createdBy) {
    this.name = name;
    this.prefix = prefix;
    this.salt = Base64.getEncoder().encodeToString(salt);
    this.keyHash = Base64.getEncoder().encodeToString(hash);
    this.createdAt = Instant.now();
    this.createdBy = createdBy;
  }

  Long id() {
    return id;
  }

  void limits(KeyLimits limits) {
    dailyBudgetUsd = limits.dailyBudgetUsd();
    requestsPerMinute = limits.requestsPerMinute();
    tokensPerMinute = limits.tokensPerMinute();
    allowedTiers = limits.allowedTiers().isEmpty() ? null : String.join(",", limits.allowedTiers());
    allowedModels =
        limits.allowedModels().isEmpty() ? null : String.join(",", limits.allowedModels());
    maxTokens = limits.maxTokens();
    allowedOptions =
        limits.allowedOptions().isEmpty() ? null : String.join(",", limits.allowedOptions());
  }

  void revoke() {
    if (revokedAt == null) {
      revokedAt = Instant.now();
    }
  }

  void expireAt(Instant when) {
    if (expiresAt == null || when.isBefore(expiresAt)) {
      expiresAt = when;
    }
  }

  String name() {
    return name;
  }

  ClientKey toKey() {
    return new ClientKey(
        id,
        name,
        prefix,
        Base64.getDecoder().decode(salt),
        Base64.getDecoder().decode(keyHash),
        createdAt,
        revokedAt,
        expiresAt,
        new KeyLimits(
            dailyBudgetUsd,
            requestsPerMinute,
            tokensPerMinute,
            split(allowedTiers),
            split(allowedModels),
            maxTokens,
            split(allowedOptions)));
  }

  private static Set<String> split(String list) {
    if (list == null || list.isBlank()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(list.split(",")));
  }
}
