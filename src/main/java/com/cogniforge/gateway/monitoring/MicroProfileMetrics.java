package com.cogniforge.gateway.monitoring;

import com.cogniforge.gateway.cache.ResponseCache;
import com.cogniforge.gateway.resilience.CircuitState;
import com.cogniforge.gateway.resilience.ModelQuality;
import com.cogniforge.gateway.resilience.QualityMonitor;
import com.cogniforge.gateway.usage.UsageRecord;
import jakarta.enterprise.inject.Instance;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@link PrometheusMetrics} in the server's MicroProfile Metrics registry, which Payara serves in
 * Prometheus format at {@code /metrics}: requests by outcome (and cache hits), cost, open streams,
 * cache entries, and per served model its requests, success rate and TTFT p50/p95/p99 over the
 * latest requests (gauges read from {@link GatewayMetrics}, so both views agree). Not a CDI bean
 * and only loaded when the server has the MicroProfile Metrics API: WildFly has none.
 */
final class MicroProfileMetrics {

  private final MetricRegistry registry;
  private final GatewayMetrics metrics;
  private final QualityMonitor quality;

  private final Set<String> modelsWithGauges = ConcurrentHashMap.newKeySet();

  private MicroProfileMetrics(
      MetricRegistry registry,
      GatewayMetrics metrics,
      ResponseCache cache,
      QualityMonitor quality) {
    this.registry = registry;
    this.metrics = metrics;
    this.quality = quality;
    registry.gauge("cogniforge_open_streams", metrics, GatewayMetrics::openStreams);
    registry.gauge("cogniforge_cache_entries", cache, ResponseCache::size);
  }

  /** The application's registry with the gateway's gauges in it, if the server offers one. */
  static Optional<MicroProfileMetrics> register(
      Instance<Object> beans, GatewayMetrics metrics, ResponseCache cache, QualityMonitor quality) {
    // Without a qualifier MicroProfile Metrics gives the application's registry.
    Instance<MetricRegistry> registries = beans.select(MetricRegistry.class);
    if (!registries.isResolvable()) {
      return Optional.empty();
    }
    return Optional.of(new MicroProfileMetrics(registries.get(), metrics, cache, quality));
  }

  void hedged() {
    registry.counter("cogniforge_hedges_total").inc();
  }

  private double quality(String model, Function<ModelQuality.Snapshot, Double> figure) {
    Double value = quality.snapshot(model).map(figure).orElse(null);
    return value == null ? Double.NaN : value;
  }

  void record(UsageRecord record) {
    Tag outcome = new Tag("outcome", record.outcome().name().toLowerCase(Locale.ROOT));
    registry.counter("cogniforge_requests_total", outcome).inc();
    if (record.cacheHit()) {
      registry
          .counter(
              "coalesced".equals(record.provider())
                  ? "cogniforge_coalesced_total"
                  : "cogniforge_cache_hits_total")
          .inc();
    }
    String model = record.servedModel();
    if (model != null && !record.cacheHit()) {
      registry
          .counter("cogniforge_cost_usd_micros_total", new Tag("model", model))
          .inc(Math.round(record.costUsd() * 1_000_000));
      if (modelsWithGauges.add(model)) {
        Tag tag = new Tag("model", model);
        registry.gauge("cogniforge_model_requests", () -> metrics.modelRequests(model), tag);
        registry.gauge("cogniforge_model_success_rate", () -> metrics.modelSuccessRate(model), tag);
        registry.gauge("cogniforge_model_ttft_p50_ms", () -> metrics.modelTtft(model, 50), tag);
        registry.gauge("cogniforge_model_ttft_p95_ms", () -> metrics.modelTtft(model, 95), tag);
        registry.gauge("cogniforge_model_ttft_p99_ms", () -> metrics.modelTtft(model, 99), tag);
        registry.gauge("cogniforge_model_health", () -> quality(model, q -> q.health()), tag);
        registry.gauge(
            "cogniforge_model_circuit_open",
            () -> quality(model, q -> q.circuit() == CircuitState.CLOSED ? 0.0 : 1.0),
            tag);
        registry.gauge(
            "cogniforge_model_inter_token_p95_ms",
            () -> quality(model, q -> q.interTokenP95Ms()),
            tag);
        registry.gauge(
            "cogniforge_model_tokens_per_second",
            () -> quality(model, q -> q.tokensPerSecond()),
            tag);
      }
    }
  }
}
