package com.cogniforge.gateway.providers;

import com.cogniforge.gateway.catalogue.CatalogueEntry;
import com.cogniforge.gateway.catalogue.ModelCatalogue;
import com.cogniforge.gateway.settings.GatewaySettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The providers the gateway calls: those configured by name ({@code PROVIDERS}, read once at start
 * from the environment and the optional {@code PROVIDERS_FILE}), and the default provider that
 * serves every other model ({@link ProviderSelection}: {@code LLM_BASE_URL}, or the simulated one).
 * It also keeps each route's circuit.
 */
@ApplicationScoped
public class Providers {

  private static final Logger LOG = Logger.getLogger(Providers.class.getName());

  @Inject Config config;
  @Inject GatewaySettings settings;
  @Inject ProviderSelection selection;
  @Inject ModelCatalogue catalogue;

  private final ProviderHealth health = new ProviderHealth(System::nanoTime);
  private volatile List<Provider> configured = List.of();
  private volatile List<String> problems = List.of();

  @PostConstruct
  void read() {
    Properties file = fileValues(config.getOptionalValue("PROVIDERS_FILE", String.class));
    ProviderConfig.Result result =
        ProviderConfig.read(
            key ->
                config
                    .getOptionalValue(key, String.class)
                    .or(() -> Optional.ofNullable(file.getProperty(key))),
            defaultTimeouts());
    configured = result.providers();
    problems = result.problems();
    for (Provider provider : configured) {
      LOG.info("provider " + provider + " serves " + String.join(", ", provider.models().keySet()));
    }
    for (String problem : problems) {
      LOG.warning(problem);
    }
  }

  /** Providers configured outside a container, for what does not call them (tests). */
  public static Providers of(List<Provider> configured) {
    Providers providers = new Providers();
    providers.configured = List.copyOf(configured);
    return providers;
  }

  /**
   * The routes for a request that reached this gateway at {@code selfBaseUrl} (where the simulated
   * provider lives); empty when no provider at all is configured.
   */
  public Optional<ProviderRoutes> routes(String selfBaseUrl) {
    Provider fallback = selection.select(selfBaseUrl).map(this::asProvider).orElse(null);
    if (fallback == null && configured.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProviderRoutes(
            configured,
            fallback,
            health,
            id -> catalogue.find(id).map(CatalogueEntry::nativeName)));
  }

  /** The configured providers, in failover order. */
  public List<Provider> configured() {
    return configured;
  }

  /** What the console shows of one configured provider: never its key, only whether it is set. */
  public record Status(
      String name, String kind, String address, boolean keySet, List<RouteStatus> models) {}

  /** One model of a provider and its circuit. */
  public record RouteStatus(
      String model,
      String upstreamModel,
      boolean open,
      long calls,
      long failures,
      int failuresInARow,
      String lastError) {}

  /** Each configured provider, its models and their circuits, in failover order. */
  public List<Status> statuses() {
    List<Status> statuses = new java.util.ArrayList<>();
    for (Provider provider : configured) {
      List<RouteStatus> models = new java.util.ArrayList<>();
      for (String model : provider.models().keySet()) {
        ProviderRoute route = routeOf(provider, model);
        ProviderHealth.Figures figures = health.figures(route);
        models.add(
            new RouteStatus(
                model,
                route.upstreamModel(),
                figures.open(),
                figures.calls(),
                figures.failures(),
                figures.failuresInARow(),
                figures.lastError()));
      }
      statuses.add(
          new Status(
              provider.name(),
              provider.kind().key(),
              ProviderEndpoint.withoutCredentials(provider.baseUrl()),
              provider.apiKey().isPresent(),
              models));
    }
    return statuses;
  }

  /** The route to a configured provider's first model, for "test connection". */
  public Optional<ProviderRoute> firstRoute(String providerName) {
    for (Provider provider : configured) {
      if (provider.name().equals(providerName)) {
        return Optional.of(routeOf(provider, provider.models().keySet().iterator().next()));
      }
    }
    return Optional.empty();
  }

  private ProviderRoute routeOf(Provider provider, String model) {
    return ProviderRoute.of(
        provider, model, id -> catalogue.find(id).map(CatalogueEntry::nativeName));
  }

  /** Why configured providers were left out at start. */
  public List<String> problems() {
    return problems;
  }

  ProviderHealth health() {
    return health;
  }

  /** The default provider as a provider that serves any model. */
  Provider asProvider(ProviderEndpoint endpoint) {
    return new Provider(
        endpoint.name(),
        ProviderKind.OPENAI,
        endpoint.baseUrl(),
        endpoint.apiKey(),
        Map.of(),
        Map.of(),
        defaultTimeouts());
  }

  private Provider.Timeouts defaultTimeouts() {
    return new Provider.Timeouts(
        settings.connectTimeout(), settings.firstTokenTimeout(), settings.idleTimeout());
  }

  private static Properties fileValues(Optional<String> file) {
    Properties values = new Properties();
    if (file.isEmpty() || file.get().isBlank()) {
      return values;
    }
    try (Reader reader =
        Files.newBufferedReader(Path.of(file.get().trim()), StandardCharsets.UTF_8)) {
      values.load(reader);
    } catch (IOException | RuntimeException unreadable) {
      LOG.warning("PROVIDERS_FILE cannot be read: " + unreadable.getClass().getSimpleName());
    }
    return values;
  }
}
