package com.cogniforge.gateway.relay;

import com.cogniforge.gateway.keys.ClientKey;
import com.cogniforge.gateway.keys.RateLimits;
import com.cogniforge.gateway.monitoring.GatewayMetrics;
import com.cogniforge.gateway.monitoring.PrometheusMetrics;
import com.cogniforge.gateway.usage.UsageRecord;
import com.cogniforge.gateway.usage.UsageRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Books every request once: the usage record (written in the background), the live metrics, the
 * client key's token rate, and one log line (never the prompt).
 */
@ApplicationScoped
public class Bookkeeper implements Books {

  private static final Logger LOG = Logger.getLogger("com.cogniforge.gateway.requests");

  @Inject UsageRecorder usage;
  @Inject GatewayMetrics metrics;
  @Inject PrometheusMetrics prometheus;
  @Inject RateLimits rateLimits;

  @Override
  public void streamOpened() {
    metrics.streamOpened();
  }

  @Override
  public void streamClosed() {
    metrics.streamClosed();
  }

  @Override
  public void hedged() {
    prometheus.hedged();
  }

  @Override
  public void book(UsageRecord record, ClientKey key) {
    usage.record(record);
    metrics.record(record);
    prometheus.record(record);
    if (key != null && !record.cacheHit()) { // an answer from the cache generated nothing new
      rateLimits.completed(key, record.completionTokens());
    }
    LOG.info(() -> logLine(record));
  }

  static String logLine(UsageRecord record) {
    return "request_id="
        + record.requestId()
        + " endpoint="
        + record.endpoint()
        + " tier="
        + record.tier()
        + " model="
        + record.servedModel()
        + " provider="
        + record.provider()
        + " ttft_ms="
        + record.ttftMs()
        + " total_ms="
        + record.totalMs()
        + " tokens="
        + record.promptTokens()
        + "+"
        + record.completionTokens()
        + " cost_usd="
        + String.format(Locale.ROOT, "%.6f", record.costUsd())
        + " outcome="
        + record.outcome().name().toLowerCase(Locale.ROOT)
        + (record.errorCode() == null ? "" : " error=" + record.errorCode())
        + (record.attempts() != null && record.attempts().contains(",")
            ? " attempts=" + record.attempts()
            : "");
  }
}
