package com.cogniforge.gateway.monitoring;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/v1/stream/metrics}: request counts, success rate and TTFT percentiles. */
@Path("/api/v1/stream/metrics")
public class MetricsResource {

  @Inject GatewayMetrics metrics;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String metrics() {
    return metrics.toJson();
  }
}
