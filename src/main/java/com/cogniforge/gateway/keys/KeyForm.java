package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.settings.SettingKind;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Checks what an operator typed for a key (in the console or the API) and turns it into a name and
 * {@link KeyLimits}; a bad value is a 400 naming the field. Blank means "no limit".
 */
public final class KeyForm {

  private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");
  private static final Set<String> TIERS = Set.of("NANO", "FAST", "SMART", "GENIUS");

  private KeyForm() {}

  public static String name(String raw) {
    String name = raw == null ? "" : raw.strip();
    if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
      throw ApiError.badRequest("invalid_name", "name: 1 to 100 characters, no control characters");
    }
    return name;
  }

  public static KeyLimits limits(
      String dailyBudgetUsd,
      String requestsPerMinute,
      String tokensPerMinute,
      String allowedTiers,
      String allowedModels,
      String maxTokens,
      String allowedOptions) {
    return new KeyLimits(
        money(dailyBudgetUsd),
        whole("requests_per_minute", requestsPerMinute, 1_000_000),
        whole("tokens_per_minute", tokensPerMinute, 1_000_000_000),
        tiers(allowedTiers),
        models(allowedModels),
        whole("max_tokens", maxTokens, 1_000_000),
        options(allowedOptions));
  }

  private static Double money(String raw) {
    if (blank(raw)) {
      return null;
    }
    try {
      BigDecimal value = new BigDecimal(raw.trim());
      if (value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(1_000_000)) <= 0) {
        return value.doubleValue();
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw ApiError.badRequest(
        "invalid_daily_budget_usd", "daily_budget_usd: a number of dollars from 0 to 1,000,000");
  }

  private static Integer whole(String field, String raw, int max) {
    if (blank(raw)) {
      return null;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw ApiError.badRequest("invalid_" + field, field + ": a whole number from 1 to " + max);
  }

  private static Set<String> tiers(String raw) {
    return listed(
        raw,
        "allowed_tiers",
        tier -> tier.toUpperCase(Locale.ROOT),
        TIERS::contains,
        "NANO, FAST, SMART or GENIUS, comma-separated");
  }

  private static Set<String> models(String raw) {
    return listed(
        raw,
        "allowed_models",
        model -> model,
        model -> MODEL_ID.matcher(model).matches(),
        "not a model id");
  }

  private static Set<String> options(String raw) {
    return listed(
        raw,
        "allowed_options",
        option -> option,
        SettingKind.PROVIDER_OPTION_NAMES::contains,
        String.join(", ", SettingKind.PROVIDER_OPTION_NAMES) + ", comma-separated");
  }

  /** A comma-separated list, each item trimmed and normalised; one bad item is a 400. */
  private static Set<String> listed(
      String raw,
      String field,
      UnaryOperator<String> normal,
      Predicate<String> valid,
      String expected) {
    Set<String> items = new LinkedHashSet<>();
    for (String part : blank(raw) ? new String[0] : raw.split(",")) {
      String item = normal.apply(part.trim());
      if (item.isEmpty()) {
        continue;
      }
      if (!valid.test(item)) {
        throw ApiError.badRequest("invalid_" + field, field + ": " + expected);
      }
      items.add(item);
    }
    return items;
  }

  private static boolean blank(String raw) {
    return raw == null || raw.isBlank();
  }
}
