package com.cogniforge.gateway.providers.simulated;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the simulated provider has served, readable at {@code GET /sim/v1/stats}: lets tests and
 * operators see from the provider's side that a cancelled client really ended the upstream call.
 */
@ApplicationScoped
public class SimulatedProviderStats {

  private final AtomicLong started = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong cancelled = new AtomicLong();

  void started() {
    started.incrementAndGet();
  }

  void completed() {
    completed.incrementAndGet();
  }

  void cancelledByClient() {
    cancelled.incrementAndGet();
  }

  String toJson() {
    long open = started.get() - completed.get() - cancelled.get();
    return "{\"started\":"
        + started.get()
        + ",\"completed\":"
        + completed.get()
        + ",\"cancelled\":"
        + cancelled.get()
        + ",\"open\":"
        + open
        + "}";
  }
}
