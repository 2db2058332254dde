package com.cogniforge.gateway.routing;

import java.util.Locale;
import java.util.Optional;

/** Model tiers, cheapest first, each with the time to first token it should stay under. */
public enum Tier {
  NANO(50),
  FAST(200),
  SMART(1_000),
  GENIUS(5_000);

  private final long ttftTargetMs;

  Tier(long ttftTargetMs) {
    this.ttftTargetMs = ttftTargetMs;
  }

  public long ttftTargetMs() {
    return ttftTargetMs;
  }

  public Optional<Tier> up() {
    return ordinal() + 1 < values().length
        ? Optional.of(values()[ordinal() + 1])
        : Optional.empty();
  }

  public Optional<Tier> down() {
    return ordinal() > 0 ? Optional.of(values()[ordinal() - 1]) : Optional.empty();
  }

  public Tier atMost(Tier cap) {
    return compareTo(cap) <= 0 ? this : cap;
  }

  /** Parses a tier name, any case; empty if it names none. */
  public static Optional<Tier> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException unknown) {
      return Optional.empty();
    }
  }
}
