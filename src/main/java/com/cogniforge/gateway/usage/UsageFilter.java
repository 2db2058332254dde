package com.cogniforge.gateway.usage;

import com.cogniforge.gateway.ApiError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Which usage records to show or export: a time range [from, to) and, optionally, a model (asked
 * for or served), a tier, an outcome and a client key. Shared by the export API and the console's
 * table.
 */
public record UsageFilter(
    Instant from, Instant to, String model, String tier, Outcome outcome, Long clientKeyId) {

  /**
   * From request parameters; blanks mean "any" (and today, for the range). Throws a 400 {@link
   * ApiError} naming the bad parameter.
   */
  public static UsageFilter parse(
      String from, String to, String model, String tier, String outcome, String clientKey) {
    Instant start =
        blank(from)
            ? LocalDate.now(ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC)
            : instant("from", from, false);
    Instant end = blank(to) ? Instant.now().plusSeconds(1) : instant("to", to, true);
    if (!end.isAfter(start)) {
      throw ApiError.badRequest("invalid_range", "to must be after from");
    }
    String chosenTier = blank(tier) ? null : tier.trim().toUpperCase(Locale.ROOT);
    if (chosenTier != null && !chosenTier.matches("NANO|FAST|SMART|GENIUS")) {
      throw ApiError.badRequest("invalid_tier", "tier must be NANO, FAST, SMART or GENIUS");
    }
    Outcome chosenOutcome = null;
    if (!blank(outcome)) {
      try {
        chosenOutcome = Outcome.valueOf(outcome.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        throw ApiError.badRequest(
            "invalid_outcome",
            "outcome must be one of ok, upstream_error, client_cancelled, rejected, interrupted,"
                + " key_revoked");
      }
    }
    String chosenModel = blank(model) ? null : model.trim();
    if (chosenModel != null && chosenModel.length() > 200) {
      throw ApiError.badRequest("invalid_model", "model is at most 200 characters");
    }
    Long chosenKey = null;
    if (!blank(clientKey)) {
      try {
        chosenKey = Long.parseLong(clientKey.trim());
      } catch (NumberFormatException notAnId) {
        throw ApiError.badRequest("invalid_key", "key must be a client key id (a number)");
      }
    }
    return new UsageFilter(start, end, chosenModel, chosenTier, chosenOutcome, chosenKey);
  }

  public Optional<String> modelFilter() {
    return Optional.ofNullable(model);
  }

  /** JPQL conditions on alias {@code u}; parameters are bound by {@link UsageStore}. */
  String where() {
    StringBuilder where = new StringBuilder("u.createdAt >= :from and u.createdAt < :to");
    if (model != null) {
      where.append(" and (u.servedModel = :model or u.requestedModel = :model)");
    }
    if (tier != null) {
      where.append(" and u.tier = :tier");
    }
    if (outcome != null) {
      where.append(" and u.outcome = :outcome");
    }
    if (clientKeyId != null) {
      where.append(" and u.clientKeyId = :key");
    }
    return where.toString();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * An ISO instant ({@code 2026-11-24T10:00:00Z}) or a UTC date; a date as {@code to} is inclusive.
   */
  private static Instant instant(String name, String value, boolean endOfDay) {
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException notInstant) {
      try {
        LocalDate day = LocalDate.parse(value.trim());
        return day.atStartOfDay().toInstant(ZoneOffset.UTC).plus(endOfDay ? 1 : 0, ChronoUnit.DAYS);
      } catch (DateTimeParseException notDate) {
        throw ApiError.badRequest(
            "invalid_" + name,
            name + " must be an ISO-8601 instant (2026-11-24T10:00:00Z) or a date (2026-11-24)");
      }
    }
  }
}
