package com.cogniforge.gateway.console;

import com.cogniforge.gateway.GatewayLogging;
import com.cogniforge.gateway.budget.DailyBudget;
import com.cogniforge.gateway.budget.PriceTable;
import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.http.LocalAddress;
import com.cogniforge.gateway.keys.ClientKeys;
import com.cogniforge.gateway.monitoring.GatewayMetrics;
import com.cogniforge.gateway.providers.ProviderEndpoint;
import com.cogniforge.gateway.providers.ProviderProbe;
import com.cogniforge.gateway.providers.ProviderRoute;
import com.cogniforge.gateway.providers.Providers;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.settings.Setting;
import com.cogniforge.gateway.usage.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code /admin/status}: what the old {@code status} command said. Mode, which provider serves and
 * whether it answers (the "test connection" button), which secrets are set (never their values),
 * today's spend against the budget, open streams, and each model's live quality and circuit.
 */
@ApplicationScoped
public class StatusPage implements ConsolePage {

  @Inject GatewaySettings settings;
  @Inject DailyBudget budget;
  @Inject GatewayMetrics metrics;
  @Inject UsageRecorder usage;
  @Inject ProviderProbe probe;
  @Inject ClientKeys keys;
  @Inject QualityMonitor quality;
  @Inject Cluster cluster;
  @Inject GatewayLogging logging;
  @Inject Providers providers;
  @Inject PriceTable prices;

  @Inject
  @ConfigProperty(name = "ADMIN_PASSWORD_HASH")
  Optional<String> adminPasswordHash;

  @Inject
  @ConfigProperty(name = "DATABASE_URL")
  String databaseUrl;

  @Override
  public String path() {
    return "status";
  }

  @Override
  public void get(ConsoleExchange exchange, String action) throws IOException {
    boolean keySet = settings.providerApiKey().isPresent();
    exchange
        .put("hybrid", settings.hybridStreaming())
        .put("routing", settings.intelligentRouting())
        .put("devMode", settings.allowMockLlm())
        .put("keySet", keySet)
        .put("provider", keySet ? "configured" : settings.allowMockLlm() ? "simulated" : "none")
        // The base URL is an address, not a secret; the key is only ever "set" or "not set".
        .put(
            "providerUrl",
            keySet ? ProviderEndpoint.withoutCredentials(settings.providerBaseUrl()) : null)
        .put("adminPasswordSet", adminPasswordHash.filter(h -> !h.isBlank()).isPresent())
        .put("budget", budget.snapshot())
        .put("openStreams", metrics.openStreams())
        .put("pendingRecords", usage.pending())
        .put("usageBacklog", usage.backlog())
        .put("droppedLogRecords", logging.dropped())
        .put("database", databaseUrl.startsWith("jdbc:postgresql") ? "PostgreSQL" : "H2")
        .put("uptimeSeconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000)
        .put("fastModel", settings.tierModels("FAST").get(0))
        .put("keyRequired", keys.keyRequired())
        .put("models", quality.snapshots())
        .put("clusterMembers", cluster.members())
        .put("providers", providers.statuses())
        .put(
            "unpriced",
            settings.configuredModels().stream().filter(m -> !prices.hasOwnPrice(m)).toList())
        .put("defaultPrice", settings.value(Setting.DEFAULT_MODEL_PRICE))
        .put("providerProblems", providers.problems());
    exchange.render("status", "status");
  }

  @Override
  public void post(ConsoleExchange exchange, String action) throws IOException {
    ProviderProbe.Result result;
    if (action.equals("test")) {
      result = probe.probe(LocalAddress.baseUrl(exchange.request()));
    } else if (action.equals("test-provider")) {
      Optional<ProviderRoute> route =
          providers.firstRoute(String.valueOf(exchange.request().getParameter("provider")));
      if (route.isEmpty()) {
        ConsolePage.super.post(exchange, action);
        return;
      }
      result = probe.probe(route.get());
    } else {
      ConsolePage.super.post(exchange, action);
      return;
    }
    if (result.ok()) {
      exchange.flash(
          "ok",
          exchange.text("status.test.ok", result.provider(), result.model(), result.millis()));
    } else {
      exchange.flash(
          "error",
          exchange.text(
              "status.test.failed",
              result.provider(),
              result.model(),
              result.code(),
              result.detail() == null ? "" : result.detail()));
    }
    exchange.redirect("/admin/status");
  }
}
