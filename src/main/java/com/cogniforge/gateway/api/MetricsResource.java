package com.cogniforge.gateway.api;

import com.cogniforge.gateway.JsonDocuments;
import com.cogniforge.gateway.cache.ResponseCache;
import com.cogniforge.gateway.cluster.Cluster;
import com.cogniforge.gateway.monitoring.GatewayMetrics;
import com.cogniforge.gateway.reports.SavingsReport;
import com.cogniforge.gateway.resilience.QualityMonitor;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/v1/stream/metrics}: request counts, success rate, TTFT percentiles, and today's
 * spend and savings per tier, and each model's quality (health, circuit, latency, errors).
 */
@Path("/api/v1/stream/metrics")
public class MetricsResource {

  @Inject GatewayMetrics metrics;
  @Inject SavingsReport savings;
  @Inject ResponseCache cache;
  @Inject QualityMonitor quality;
  @Inject Cluster cluster;

  /** Live figures since start, plus today's spend and savings per tier from the usage records. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String metrics() {
    return JsonDocuments.toJson(
        MetricsDocument.of(
            metrics.live(),
            savings.today(),
            cache.size(),
            quality.figures(),
            new MetricsDocument.ClusterFigures(cluster.members(), cluster.description())));
  }
}
