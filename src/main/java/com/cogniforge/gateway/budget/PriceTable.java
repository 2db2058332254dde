package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * USD per million input and output tokens, per model. Defaults are the providers' public list
 * prices; {@code MODEL_PRICES} ("model=input:output;model=input:output", changeable at run time)
 * adds or overrides entries.
 */
@ApplicationScoped
public class PriceTable {

  private static final Logger LOG = Logger.getLogger(PriceTable.class.getName());

  /** Prices of one model, USD per million tokens. */
  public record Price(double inputPerMillion, double outputPerMillion) {
    public double cost(int promptTokens, int completionTokens) {
      return (promptTokens * inputPerMillion + completionTokens * outputPerMillion) / 1_000_000.0;
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

  static Map<String, Price> parse(String overrides) {
    Map<String, Price> table = new HashMap<>(LIST_PRICES);
    for (String entry : overrides.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        int eq = entry.lastIndexOf('=');
        String[] parts = entry.substring(eq + 1).split(":");
        table.put(
            entry.substring(0, eq).trim(),
            new Price(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())));
      } catch (RuntimeException malformed) {
        LOG.warning("MODEL_PRICES entry ignored, expected model=input:output: " + entry.trim());
      }
    }
    return Map.copyOf(table);
  }
}
