package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.catalogue.CatalogueEntry;
import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.providers.Provider;
import com.cogniforge.gateway.providers.Providers;
import com.cogniforge.gateway.routing.Router;
import com.cogniforge.gateway.routing.Tier;
import com.cogniforge.gateway.routing.TierModels;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.SettingKind;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/models}: the models clients may ask for, in OpenAI's list format, each with what
 * the gateway knows of it beyond OpenAI's fields: what it can do beyond text, its tiers, the
 * providers that serve it (in failover order), its context window and largest completion (model
 * catalogue) and the prices it is charged at. {@code auto} can do what any of them can.
 */
@Path("/v1/models")
public class ModelsResource {

  @Inject GatewaySettings settings;
  @Inject TierModels tiers;
  @Inject ModelCatalogue catalogue;
  @Inject PriceTable prices;
  @Inject Providers providers;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String list() {
    List<Model> data = new ArrayList<>();
    Set<String> any = new HashSet<>();
    for (String id : settings.configuredModels()) {
      Set<String> capabilities = tiers.capabilitiesOf(id);
      any.addAll(capabilities);
      Optional<CatalogueEntry> entry = catalogue.find(id);
      PriceTable.Price price = prices.priceOf(id);
      data.add(
          new Model(
              id,
              "model",
              0,
              owner(id),
              ordered(capabilities),
              tiersOf(id),
              providersOf(id),
              entry.map(CatalogueEntry::contextWindow).orElse(null),
              entry.map(CatalogueEntry::maxOutput).orElse(null),
              new Pricing(
                  usd(price.inputPerMillion()),
                  usd(price.cachedPerMillion()),
                  usd(price.cacheWritePerMillion()),
                  usd(price.outputPerMillion()))));
    }
    data.add(
        0,
        new Model(
            Router.AUTO,
            "model",
            0,
            "cogniforge",
            ordered(any),
            List.of(),
            List.of(),
            null,
            null,
            null));
    return JsonDocuments.toJson(new ModelList("list", data));
  }

  private static String owner(String id) {
    return id.contains("/") ? id.substring(0, id.indexOf('/')) : "cogniforge";
  }

  private List<String> tiersOf(String id) {
    List<String> names = new ArrayList<>();
    for (Tier tier : Tier.values()) {
      if (tiers.modelsOf(tier).contains(id)) {
        names.add(tier.name());
      }
    }
    return names;
  }

  /** The configured providers that list it, else the default one (named "default"). */
  private List<String> providersOf(String id) {
    List<String> names = new ArrayList<>();
    for (Provider provider : providers.configured()) {
      if (provider.serves(id)) {
        names.add(provider.name());
      }
    }
    return names.isEmpty() ? List.of("default") : names;
  }

  private static BigDecimal usd(double perMillion) {
    return JsonDocuments.decimal(perMillion, 6).stripTrailingZeros();
  }

  private static List<String> ordered(Set<String> capabilities) {
    return SettingKind.CAPABILITY_NAMES.stream().filter(capabilities::contains).toList();
  }

  /** OpenAI's model list. */
  @JsonbPropertyOrder({"object", "data"})
  public record ModelList(String object, List<Model> data) {}

  @JsonbPropertyOrder({
    "id",
    "object",
    "created",
    "ownedBy",
    "capabilities",
    "tiers",
    "providers",
    "contextWindow",
    "maxOutputTokens",
    "pricing"
  })
  public record Model(
      String id,
      String object,
      long created,
      String ownedBy,
      List<String> capabilities,
      List<String> tiers,
      List<String> providers,
      Integer contextWindow,
      Integer maxOutputTokens,
      Pricing pricing) {}

  /** USD per million tokens, as charged (overrides, catalogue or the default price). */
  @JsonbPropertyOrder({"input", "cachedInput", "cacheWrite", "output"})
  public record Pricing(
      BigDecimal input, BigDecimal cachedInput, BigDecimal cacheWrite, BigDecimal output) {}
}
