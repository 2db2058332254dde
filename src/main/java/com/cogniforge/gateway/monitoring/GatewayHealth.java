package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.settings.GatewaySettings;
import com.cogniforge.gateway.usage.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Adds the gateway to the runtime's {@code /health} (and {@code /health/ready}): ready while it can
 * serve chats (a provider is configured or the simulated one allowed) and its usage records are
 * being written. Not a liveness check: restarting would not configure a provider.
 */
@Readiness
@ApplicationScoped
public class GatewayHealth implements HealthCheck {

  /** More records waiting than this means the database is not keeping up or is down. */
  private static final int MAX_PENDING_RECORDS = 50_000;

  @Inject GatewaySettings settings;
  @Inject GatewayMetrics metrics;
  @Inject UsageRecorder usage;

  @Override
  public HealthCheckResponse call() {
    boolean provider = settings.providerApiKey().isPresent() || settings.allowMockLlm();
    int pending = usage.pending();
    return HealthCheckResponse.named("cogniforge-gateway")
        .status(provider && pending < MAX_PENDING_RECORDS)
        .withData(
            "provider",
            settings.providerApiKey().isPresent()
                ? "configured"
                : settings.allowMockLlm() ? "simulated" : "none")
        .withData("open_streams", metrics.openStreams())
        .withData("usage_records_pending", pending)
        .build();
  }
}
