package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * USD per million input, output and cached input tokens, per model. Defaults are the providers'
 * public list prices; {@code MODEL_PRICES} ("model=input:output[:cached];...", changeable at run
 * time) adds or overrides entries. Cached input costs as much as input unless a price is given.
 */
@ApplicationScoped
public class PriceTable {

  private static final Logger LOG = Logger.getLogger(PriceTable.class.getName());

  /** Prices of one model, USD per million tokens. */
  public record Price(double inputPerMillion, double outputPerMillion, double cachedPerMillion) {

    /** A price whose cached input costs as much as input. */
    public Price(double inputPerMillion, double outputPerMillion) {
      this(inputPerMillion, outputPerMillion, inputPerMillion);
    }

    public double cost(int promptTokens, int completionTokens) {
      return cost(promptTokens, 0, completionTokens);
    }

    /**
     * The prompt's uncached tokens at the input price, its cached ones at the cached price, and the
     * completion (reasoning included) at the output price.
     */
    public double cost(int promptTokens, int cachedPromptTokens, int completionTokens) {
      int cached = Math.max(0, Math.min(cachedPromptTokens, promptTokens));
      return ((promptTokens - cached) * inputPerMillion
              + cached * cachedPerMillion
              + completionTokens * outputPerMillion)
          / 1_000_000.0;
    }
  }

  static final Map<String, Price> LIST_PRICES =
      Map.of(
          "openai/gpt-4o-mini", new Price(0.15, 0.60),
          "openai/gpt-4o", new Price(2.50, 10.00),
          "anthropic/claude-3.5-sonnet", new Price(3.00, 15.00),
          "anthropic/claude-3-haiku", new Price(0.25, 1.25),
          "anthropic/claude-3-opus", new Price(15.00, 75.00));

  @Inject GatewaySettings settings;

  /**
   * The table parsed from one value of {@code MODEL_PRICES} and {@code DEFAULT_MODEL_PRICE}; parsed
   * again when either changes.
   */
  private record Parsed(
      String source, String defaultSource, Map<String, Price> table, Price unknown) {}

  private volatile Parsed parsed = new Parsed(null, null, LIST_PRICES, null);

  /** Models already logged as priced by default: one line each, not one per request. */
  private final Set<String> pricedByDefault = ConcurrentHashMap.newKeySet();

  /**
   * The model's list price or override; a model with neither gets {@code DEFAULT_MODEL_PRICE} (an
   * expensive model's), never $0: the budget must not stop counting what it cannot price.
   */
  public Price priceOf(String model) {
    String source = settings.value(Setting.MODEL_PRICES);
    String defaultSource = settings.value(Setting.DEFAULT_MODEL_PRICE);
    Parsed current = parsed;
    if (!source.equals(current.source()) || !defaultSource.equals(current.defaultSource())) {
      current = new Parsed(source, defaultSource, parse(source), parsePrice(defaultSource));
      parsed = current;
    }
    Price price = current.table().get(model);
    if (price != null) {
      return price;
    }
    if (pricedByDefault.size() < 1000 && pricedByDefault.add(String.valueOf(model))) {
      LOG.warning(
          "no price for model "
              + model
              + ": charged DEFAULT_MODEL_PRICE "
              + defaultSource
              + " (add it to MODEL_PRICES)");
    }
    return current.unknown();
  }

  /** {@code input:output[:cached]}; an expensive model's price if it cannot be read. */
  static Price parsePrice(String text) {
    try {
      String[] parts = text.split(":");
      double input = Double.parseDouble(parts[0].trim());
      double output = Double.parseDouble(parts[1].trim());
      return new Price(
          input, output, parts.length > 2 ? Double.parseDouble(parts[2].trim()) : input);
    } catch (RuntimeException malformed) {
      LOG.warning("DEFAULT_MODEL_PRICE ignored, expected input:output[:cached]: " + text);
      return new Price(15, 60);
    }
  }

  public double cost(String model, int promptTokens, int completionTokens) {
    return priceOf(model).cost(promptTokens, completionTokens);
  }

  public double cost(String model, int promptTokens, int cachedPromptTokens, int completionTokens) {
    return priceOf(model).cost(promptTokens, cachedPromptTokens, completionTokens);
  }

  static Map<String, Price> parse(String overrides) {
    Map<String, Price> table = new HashMap<>(LIST_PRICES);
    for (String entry : overrides.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        int eq = entry.lastIndexOf('=');
        String[] parts = entry.substring(eq + 1).split(":");
        if (parts.length > 3) {
          throw new IllegalArgumentException("too many prices");
        }
        double input = Double.parseDouble(parts[0].trim());
        double output = Double.parseDouble(parts[1].trim());
        double cached = parts.length == 3 ? Double.parseDouble(parts[2].trim()) : input;
        table.put(entry.substring(0, eq).trim(), new Price(input, output, cached));
      } catch (RuntimeException malformed) {
        LOG.warning(
            "MODEL_PRICES entry ignored, expected model=input:output[:cached]: " + entry.trim());
      }
    }
    return Map.copyOf(table);
  }
}
