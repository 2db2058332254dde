package com.cogniforge.gateway.budget;

import com.cogniforge.gateway.catalogue.CatalogueEntry;
import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * USD per million input, output, cached input and cache-write tokens, per model: {@code
 * MODEL_PRICES} ("model=input:output[:cached[:cache_write]];...", changeable at run time), else the
 * model catalogue's list price, else {@code DEFAULT_MODEL_PRICE}. Cached input and cache writes
 * cost as much as input unless a price is given.
 */
@ApplicationScoped
public class PriceTable {

  private static final Logger LOG = Logger.getLogger(PriceTable.class.getName());

  /** Prices of one model, USD per million tokens. */
  public record Price(
      double inputPerMillion,
      double outputPerMillion,
      double cachedPerMillion,
      double cacheWritePerMillion) {

    /** A price whose cached input and cache writes cost as much as input. */
    public Price(double inputPerMillion, double outputPerMillion) {
      this(inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion);
    }

    /** A price whose cache writes cost as much as input. */
    public Price(double inputPerMillion, double outputPerMillion, double cachedPerMillion) {
      this(inputPerMillion, outputPerMillion, cachedPerMillion, inputPerMillion);
    }

    public double cost(int promptTokens, int completionTokens) {
      return cost(promptTokens, 0, 0, completionTokens);
    }

    public double cost(int promptTokens, int cachedPromptTokens, int completionTokens) {
      return cost(promptTokens, cachedPromptTokens, 0, completionTokens);
    }

    /**
     * The prompt's plain tokens at the input price, those read from the provider's cache at the
     * cached price and those written to it at the cache-write price, and the completion (reasoning
     * included) at the output price.
     */
    public double cost(
        int promptTokens, int cachedPromptTokens, int cacheWriteTokens, int completionTokens) {
      int cached = Math.max(0, Math.min(cachedPromptTokens, promptTokens));
      int written = Math.max(0, Math.min(cacheWriteTokens, promptTokens - cached));
      return ((promptTokens - cached - written) * inputPerMillion
              + cached * cachedPerMillion
              + written * cacheWritePerMillion
              + completionTokens * outputPerMillion)
          / 1_000_000.0;
    }
  }

  @Inject GatewaySettings settings;
  @Inject ModelCatalogue catalogue;

  /** Prices read from the given settings and catalogue, outside a container (unit tests). */
  public static PriceTable of(GatewaySettings settings, ModelCatalogue catalogue) {
    PriceTable table = new PriceTable();
    table.settings = settings;
    table.catalogue = catalogue;
    return table;
  }

  /**
   * The table parsed from one value of {@code MODEL_PRICES} and {@code DEFAULT_MODEL_PRICE}; parsed
   * again when either changes.
   */
  private record Parsed(
      String source, String defaultSource, Map<String, Price> table, Price unknown) {}

  private volatile Parsed parsed = new Parsed(null, null, Map.of(), null);

  /** Models already logged as priced by default: one line each, not one per request. */
  private final Set<String> pricedByDefault = ConcurrentHashMap.newKeySet();

  /**
   * The model's list price or override; a model with neither gets {@code DEFAULT_MODEL_PRICE} (an
   * expensive model's), never $0: the budget must not stop counting what it cannot price.
   */
  public Price priceOf(String model) {
    Parsed current = current();
    String defaultSource = current.defaultSource();
    Price price = current.table().get(model);
    if (price != null) {
      return price;
    }
    Optional<CatalogueEntry> listed = catalogue.find(model);
    if (listed.isPresent()) {
      CatalogueEntry entry = listed.get();
      return new Price(
          entry.inputPerMillion(),
          entry.outputPerMillion(),
          entry.cachedInputPerMillion(),
          entry.cacheWritePerMillion());
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

  /**
   * Whether {@code model} has a price of its own ({@code MODEL_PRICES} or the catalogue): one
   * without is charged {@code DEFAULT_MODEL_PRICE}, which the console points out.
   */
  public boolean hasOwnPrice(String model) {
    return current().table().containsKey(model) || catalogue.find(model).isPresent();
  }

  /** The overrides as parsed from the settings in force (parsed again when they change). */
  private Parsed current() {
    String source = settings.value(Setting.MODEL_PRICES);
    String defaultSource = settings.value(Setting.DEFAULT_MODEL_PRICE);
    Parsed current = parsed;
    if (!source.equals(current.source()) || !defaultSource.equals(current.defaultSource())) {
      current = new Parsed(source, defaultSource, parse(source), parsePrice(defaultSource));
      parsed = current;
    }
    return current;
  }

  /** {@code input:output[:cached[:cache_write]]}; an expensive model's price if unreadable. */
  static Price parsePrice(String text) {
    try {
      return prices(text.split(":"));
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

  public double cost(
      String model,
      int promptTokens,
      int cachedPromptTokens,
      int cacheWriteTokens,
      int completionTokens) {
    return priceOf(model)
        .cost(promptTokens, cachedPromptTokens, cacheWriteTokens, completionTokens);
  }

  private static Price prices(String[] parts) {
    if (parts.length < 2 || parts.length > 4) {
      throw new IllegalArgumentException("expected 2 to 4 prices");
    }
    double input = Double.parseDouble(parts[0].trim());
    double output = Double.parseDouble(parts[1].trim());
    double cached = parts.length > 2 ? Double.parseDouble(parts[2].trim()) : input;
    double written = parts.length > 3 ? Double.parseDouble(parts[3].trim()) : input;
    return new Price(input, output, cached, written);
  }

  static Map<String, Price> parse(String overrides) {
    Map<String, Price> table = new HashMap<>();
    for (String entry : overrides.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      try {
        int eq = entry.lastIndexOf('=');
        table.put(entry.substring(0, eq).trim(), prices(entry.substring(eq + 1).split(":")));
      } catch (RuntimeException malformed) {
        LOG.warning(
            "MODEL_PRICES entry ignored, expected model=input:output[:cached[:cache_write]]: "
                + entry.trim());
      }
    }
    return Map.copyOf(table);
  }
}
