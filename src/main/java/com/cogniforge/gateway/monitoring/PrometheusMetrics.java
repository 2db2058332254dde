package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.cache.ResponseCache;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.usage.UsageRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The gateway's figures for Prometheus, exported through the server's MicroProfile Metrics ({@link
 * MicroProfileMetrics}; Payara serves them at {@code /metrics}). A server without MicroProfile
 * Metrics (WildFly) deploys the gateway all the same, without this export; the JSON figures of
 * {@code /api/v1/stream/metrics} do not depend on it.
 */
@ApplicationScoped
public class PrometheusMetrics {

  private static final Logger LOG = Logger.getLogger(PrometheusMetrics.class.getName());

  @Inject Instance<Object> beans;
  @Inject GatewayMetrics metrics;
  @Inject ResponseCache cache;
  @Inject QualityMonitor quality;

  private volatile Optional<MicroProfileMetrics> export = Optional.empty();

  void register(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    try {
      Class.forName(
          "org.eclipse.microprofile.metrics.MetricRegistry",
          false,
          PrometheusMetrics.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError noMetrics) {
      LOG.info("no MicroProfile Metrics in this server: no Prometheus export at /metrics");
      return;
    }
    export = MicroProfileMetrics.register(beans, metrics, cache, quality);
  }

  /** Counts one hedged backup request. */
  public void hedged() {
    export.ifPresent(MicroProfileMetrics::hedged);
  }

  /** Counts one finished request; called with every usage record. */
  public void record(UsageRecord record) {
    export.ifPresent(mp -> mp.record(record));
  }
}
