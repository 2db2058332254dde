package com.cogniforge.gateway.settings;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What values a setting takes. {@link #check} turns what an operator typed into the stored form, or
 * names the problem by a message key of the console's bundle (with arguments), so the console can
 * say it next to the field in the operator's language and the API can return it.
 */
public enum SettingKind {
  BOOLEAN {
    @Override
    Checked check(String raw) {
      String value = raw.toLowerCase(Locale.ROOT);
      if (value.equals("true") || value.equals("on")) {
        return Checked.ok("true");
      }
      if (value.equals("false") || value.equals("off") || value.isEmpty()) {
        return Checked.ok("false");
      }
      return Checked.problem("error.boolean");
    }
  },
  MODEL_LIST {
    @Override
    Checked check(String raw) {
      return models(raw, false);
    }
  },
  OPTIONAL_MODEL_LIST {
    @Override
    Checked check(String raw) {
      return models(raw, true);
    }
  },
  /** {@code model=input:output[:cached];...}, USD per million tokens. */
  PRICES {
    @Override
    Checked check(String raw) {
      List<String> entries = new ArrayList<>();
      for (String entry : raw.split("[;\\n]")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.lastIndexOf('=');
        String model = eq < 0 ? "" : entry.substring(0, eq).trim();
        String[] parts = eq < 0 ? new String[0] : entry.substring(eq + 1).split(":");
        if (model.isEmpty() || parts.length < 2 || parts.length > 4) {
          return Checked.problem("error.prices.format", entry.trim());
        }
        if (!MODEL_ID.matcher(model).matches()) {
          return Checked.problem("error.model.id", model);
        }
        String prices = prices(parts);
        if (prices == null) {
          return Checked.problem("error.prices.format", entry.trim());
        }
        if (prices.isEmpty()) {
          return Checked.problem("error.prices.negative", model);
        }
        entries.add(model + "=" + prices);
      }
      return Checked.ok(String.join(";", entries));
    }
  },
  /** USD per UTC day. */
  MONEY {
    @Override
    Checked check(String raw) {
      BigDecimal value = number(raw);
      if (value == null) {
        return Checked.problem("error.number");
      }
      if (value.signum() < 0) {
        return Checked.problem("error.money.negative");
      }
      if (value.compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
        return Checked.problem("error.money.huge");
      }
      return Checked.ok(value.toPlainString());
    }
  },
  /** {@code TIER:share,...}: a tier is used only while at least that share of budget is left. */
  THRESHOLDS {
    @Override
    Checked check(String raw) {
      List<String> entries = new ArrayList<>();
      for (String entry : raw.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        String[] parts = entry.split(":");
        if (parts.length != 2) {
          return Checked.problem("error.thresholds.format", entry.trim());
        }
        String tier = parts[0].trim().toUpperCase(Locale.ROOT);
        if (!TIERS.contains(tier)) {
          return Checked.problem("error.tier.unknown", parts[0].trim());
        }
        BigDecimal share = number(parts[1]);
        if (share == null || share.signum() < 0 || share.compareTo(BigDecimal.ONE) > 0) {
          return Checked.problem("error.thresholds.share", entry.trim());
        }
        entries.add(tier + ":" + share.toPlainString());
      }
      return Checked.ok(String.join(",", entries));
    }
  },
  /** A share of something, from 0 to 1. */
  SHARE {
    @Override
    Checked check(String raw) {
      BigDecimal value = number(raw);
      if (value == null) {
        return Checked.problem("error.number");
      }
      if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
        return Checked.problem("error.range", "0", "1");
      }
      return Checked.ok(value.stripTrailingZeros().toPlainString());
    }
  },
  EXHAUSTED_MODE {
    @Override
    Checked check(String raw) {
      String value = raw.toLowerCase(Locale.ROOT);
      return value.equals("reject") || value.equals("nano")
          ? Checked.ok(value)
          : Checked.problem("error.exhausted_mode");
    }
  },
  CHUNK_SIZE {
    @Override
    Checked check(String raw) {
      BigDecimal value = number(raw);
      if (value == null || value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
        return Checked.problem("error.integer");
      }
      if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(64)) > 0) {
        return Checked.problem("error.range", "1", "64");
      }
      return Checked.ok(value.toBigInteger().toString());
    }
  },
  HEARTBEAT_SECONDS {
    @Override
    Checked check(String raw) {
      BigDecimal value = number(raw);
      if (value == null) {
        return Checked.problem("error.number");
      }
      if (value.compareTo(BigDecimal.valueOf(0.1)) < 0
          || value.compareTo(BigDecimal.valueOf(300)) > 0) {
        return Checked.problem("error.range", "0.1", "300");
      }
      return Checked.ok(value.stripTrailingZeros().toPlainString());
    }
  },
  /** Bytes a client may fall behind before it is given up on: 16 KiB to 256 MiB. */
  CLIENT_BUFFER_BYTES {
    @Override
    Checked check(String raw) {
      return wholeNumber(raw, 16 * 1024, 256L * 1024 * 1024);
    }
  },
  /** Seconds bytes may wait for a client that reads none of them: 1 to 600. */
  WRITE_TIMEOUT_SECONDS {
    @Override
    Checked check(String raw) {
      return wholeNumber(raw, 1, 600);
    }
  },
  /** {@code key} or {@code global}. */
  CACHE_SCOPE {
    @Override
    Checked check(String raw) {
      String value = raw.toLowerCase(Locale.ROOT);
      return value.equals("key") || value.equals("global")
          ? Checked.ok(value)
          : Checked.problem("error.cache_scope");
    }
  },
  /**
   * {@code model=capability,...;...}: what each model can do beyond text ({@link
   * #CAPABILITY_NAMES}); {@code *} for every model not listed.
   */
  CAPABILITIES {
    @Override
    Checked check(String raw) {
      List<String> entries = new ArrayList<>();
      List<String> models = new ArrayList<>();
      for (String entry : raw.split("[;\\n]")) {
        if (entry.isBlank()) {
          continue;
        }
        int eq = entry.indexOf('=');
        if (eq < 0) {
          return Checked.problem("error.capabilities.format", entry.trim());
        }
        String model = entry.substring(0, eq).trim();
        if (!model.equals("*") && !MODEL_ID.matcher(model).matches()) {
          return Checked.problem("error.model.id", model);
        }
        if (models.contains(model)) {
          return Checked.problem("error.capabilities.twice", model);
        }
        models.add(model);
        List<String> capabilities = new ArrayList<>();
        for (String part : entry.substring(eq + 1).split(",")) {
          String capability = part.trim().toLowerCase(Locale.ROOT);
          if (capability.isEmpty() || capabilities.contains(capability)) {
            continue;
          }
          if (!CAPABILITY_NAMES.contains(capability)) {
            return Checked.problem("error.capability.unknown", part.trim());
          }
          capabilities.add(capability);
        }
        entries.add(model + "=" + String.join(",", capabilities));
      }
      return Checked.ok(String.join(";", entries));
    }
  },
  /** A comma list of {@link #PROVIDER_OPTION_NAMES}, possibly empty. */
  PROVIDER_OPTIONS {
    @Override
    Checked check(String raw) {
      List<String> names = new ArrayList<>();
      for (String part : raw.split(",")) {
        String name = part.trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty() || names.contains(name)) {
          continue;
        }
        if (!PROVIDER_OPTION_NAMES.contains(name)) {
          return Checked.problem("error.provider_option.unknown", part.trim());
        }
        names.add(name);
      }
      return Checked.ok(String.join(",", names));
    }
  },
  /** {@code input:output[:cached]}, USD per million tokens: the price of a model not listed. */
  PRICE {
    @Override
    Checked check(String raw) {
      String[] parts = raw.split(":");
      String prices = parts.length < 2 || parts.length > 4 ? null : prices(parts);
      if (prices == null) {
        return Checked.problem("error.price.format", raw);
      }
      if (prices.isEmpty()) {
        return Checked.problem("error.prices.negative", raw);
      }
      return Checked.ok(prices);
    }
  };

  /**
   * OpenRouter request fields that choose models or providers behind the router's back: refused
   * unless {@code ALLOWED_PROVIDER_OPTIONS} lets them through.
   */
  public static final List<String> PROVIDER_OPTION_NAMES =
      List.of("models", "route", "provider", "plugins", "transforms");

  /**
   * What a model may be able to do beyond text (routing's {@code Capability}, by name): read
   * images, audio or files; call tools; follow a JSON schema; reason at a chosen effort.
   */
  public static final List<String> CAPABILITY_NAMES =
      List.of("images", "tools", "json_schema", "reasoning");

  /** Provider model ids: {@code vendor/name:variant@version} and the like, nothing else. */
  static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");

  private static final Pattern PLAIN_DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)");

  private static final Set<String> TIERS = Set.of("NANO", "FAST", "SMART", "GENIUS");

  /** A checked value: either {@code value} or a {@code problem} key with its arguments. */
  public record Checked(String value, String problem, List<String> arguments) {
    static Checked ok(String value) {
      return new Checked(value, null, List.of());
    }

    static Checked problem(String key, String... arguments) {
      return new Checked(null, key, List.of(arguments));
    }

    public boolean ok() {
      return problem == null;
    }
  }

  abstract Checked check(String raw);

  private static Checked wholeNumber(String raw, long min, long max) {
    BigDecimal value = number(raw);
    if (value == null || value.scale() > 0 && value.stripTrailingZeros().scale() > 0) {
      return Checked.problem("error.integer");
    }
    if (value.compareTo(BigDecimal.valueOf(min)) < 0
        || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      return Checked.problem("error.range", Long.toString(min), Long.toString(max));
    }
    return Checked.ok(value.toBigInteger().toString());
  }

  private static Checked models(String raw, boolean emptyAllowed) {
    List<String> models = new ArrayList<>();
    for (String part : raw.split("[,\\n]")) {
      String model = part.trim();
      if (model.isEmpty()) {
        continue;
      }
      if (!MODEL_ID.matcher(model).matches()) {
        return Checked.problem("error.model.id", model);
      }
      if (!models.contains(model)) {
        models.add(model);
      }
    }
    if (models.isEmpty() && !emptyAllowed) {
      return Checked.problem("error.model.empty");
    }
    return Checked.ok(String.join(",", models));
  }

  /**
   * Prices per million tokens joined by colons as stored; null if one is not a number, empty if one
   * is negative.
   */
  private static String prices(String[] parts) {
    List<String> prices = new ArrayList<>();
    boolean negative = false;
    for (String part : parts) {
      BigDecimal price = number(part);
      if (price == null) {
        return null;
      }
      negative |= price.signum() < 0;
      prices.add(price.toPlainString());
    }
    return negative ? "" : String.join(":", prices);
  }

  /**
   * A plain decimal of at most 30 characters. No exponent: {@code 1E-999999999} is short, but its
   * {@code toPlainString()} is a string of a billion characters.
   */
  private static BigDecimal number(String raw) {
    try {
      if (raw.length() > 200) {
        return null; // before trim(): no work on a huge value
      }
      String trimmed = raw.trim();
      return trimmed.isEmpty() || trimmed.length() > 30 || !PLAIN_DECIMAL.matcher(trimmed).matches()
          ? null
          : new BigDecimal(trimmed);
    } catch (NumberFormatException notANumber) {
      return null;
    }
  }
}
