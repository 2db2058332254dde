package com.cogniforge.gateway.reports;

import java.time.Duration;
import java.util.Optional;

/** The time ranges the reports offer, each with a bucket size that gives a readable chart. */
public enum ReportRange {
  HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(1)),
  DAY("24h", Duration.ofDays(1), Duration.ofHours(1)),
  WEEK("7d", Duration.ofDays(7), Duration.ofHours(6)),
  MONTH("30d", Duration.ofDays(30), Duration.ofDays(1));

  private final String key;
  private final Duration length;
  private final Duration bucket;

  ReportRange(String key, Duration length, Duration bucket) {
    this.key = key;
    this.length = length;
    this.bucket = bucket;
  }

  public String key() {
    return key;
  }

  public Duration length() {
    return length;
  }

  public Duration bucket() {
    return bucket;
  }

  /** The range named {@code key}; the last 24 hours when none or an unknown one is given. */
  public static ReportRange of(String key) {
    return parse(key).orElse(DAY);
  }

  static Optional<ReportRange> parse(String key) {
    for (ReportRange range : values()) {
      if (range.key.equals(key)) {
        return Optional.of(range);
      }
    }
    return Optional.empty();
  }
}
