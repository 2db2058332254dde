package com.cogniforge.gateway.keys;

import com.cogniforge.gateway.ApiError;
import com.cogniforge.gateway.settings.SettingKind;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
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
    Set<String> tiers = new LinkedHashSet<>();
    for (String part : blank(raw) ? new String[0] : raw.split(",")) {
      String tier = part.trim().toUpperCase(Locale.ROOT);
      if (tier.isEmpty()) {
        continue;
      }
      if (!TIERS.contains(tier)) {
        throw ApiError.badRequest(
            "invalid_allowed_tiers", "allowed_tiers: NANO, FAST, SMART or GENIUS, comma-separated");
      }
      tiers.add(tier);
    }
    return tiers;
  }

  private static Set<String> models(String raw) {
    Set<String> models = new LinkedHashSet<>();
    for (String part : blank(raw) ? new String[0] : raw.split(",")) {
      String model = part.trim();
      if (model.isEmpty()) {
        continue;
      }
      if (!MODEL_ID.matcher(model).matches()) {
        throw ApiError.badRequest("invalid_allowed_models", "allowed_models: not a model id");
      }
      models.add(model);
    }
    return models;
  }

  private static Set<String> options(String raw) {
    Set<String> options = new LinkedHashSet<>();
    for (String part : blank(raw) ? new String[0] : raw.split(",")) {
      String option = part.trim();
      if (option.isEmpty()) {
        continue;
      }
      if (!SettingKind.PROVIDER_OPTION_NAMES.contains(option)) {
        throw ApiError.badRequest(
            "invalid_allowed_options",
            "allowed_options: "
                + String.join(", ", SettingKind.PROVIDER_OPTION_NAMES)
                + ", comma-separated");
      }
      options.add(option);
    }
    return options;
  }

  private static boolean blank(String raw) {
    return raw == null || raw.isBlank();
  }
}
