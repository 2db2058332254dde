package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
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

  /** The table parsed from one value of {@code MODEL_PRICES}; parsed again when that changes. */
  private record Parsed(String source, Map<String, Price> table) {}

  private volatile Parsed parsed = new Parsed(null, LIST_PRICES);

  public Price priceOf(String model) {
    String source = settings.value(Setting.MODEL_PRICES);
    Parsed current = parsed;
    if (!source.equals(current.source())) {
      current = new Parsed(source, parse(source));
      parsed = current;
    }
    return current.table().getOrDefault(model, new Price(0, 0));
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
