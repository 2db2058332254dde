package com.cogniforge.gateway.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A circuit per provider and model: after {@value #FAILURES_TO_OPEN} failures in a row before the
 * first token, the route is tried last for {@link #OPEN_NANOS} (then one call may test it again).
 * An open route is still tried when every other route failed: a circuit orders, it never leaves a
 * model without a provider.
 */
final class ProviderHealth {

  static final int FAILURES_TO_OPEN = 3;
  static final long OPEN_NANOS = 30_000_000_000L;

  /** What the console shows of one route's circuit. */
  record Figures(int failuresInARow, boolean open, long calls, long failures, String lastError) {}

  private static final class Circuit {
    int failuresInARow;
    long openUntilNanos;
    long calls;
    long failures;
    String lastError;
  }

  private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  ProviderHealth(LongSupplier clock) {
    this.clock = clock;
  }

  /** The routes in failover order: closed circuits first, each group in the order given. */
  List<ProviderRoute> ordered(List<ProviderRoute> routes) {
    if (routes.size() < 2) {
      return routes;
    }
    List<ProviderRoute> closed = new ArrayList<>(routes.size());
    List<ProviderRoute> open = new ArrayList<>(0);
    long now = clock.getAsLong();
    for (ProviderRoute route : routes) {
      Circuit circuit = circuits.get(route.circuit());
      boolean isOpen;
      if (circuit == null) {
        isOpen = false;
      } else {
        synchronized (circuit) {
          isOpen = circuit.openUntilNanos - now > 0;
        }
      }
      (isOpen ? open : closed).add(route);
    }
    if (open.isEmpty()) {
      return routes;
    }
    closed.addAll(open);
    return closed;
  }

  void succeeded(ProviderRoute route) {
    Circuit circuit = circuits.computeIfAbsent(route.circuit(), key -> new Circuit());
    synchronized (circuit) {
      circuit.calls++;
      circuit.failuresInARow = 0;
      circuit.openUntilNanos = 0;
    }
  }

  void failed(ProviderRoute route, UpstreamFailure failure) {
    Circuit circuit = circuits.computeIfAbsent(route.circuit(), key -> new Circuit());
    synchronized (circuit) {
      circuit.calls++;
      circuit.failures++;
      circuit.lastError = failure.code();
      if (++circuit.failuresInARow >= FAILURES_TO_OPEN) {
        circuit.openUntilNanos = clock.getAsLong() + OPEN_NANOS;
      }
    }
  }

  Figures figures(ProviderRoute route) {
    Circuit circuit = circuits.get(route.circuit());
    if (circuit == null) {
      return new Figures(0, false, 0, 0, null);
    }
    synchronized (circuit) {
      return new Figures(
          circuit.failuresInARow,
          circuit.openUntilNanos - clock.getAsLong() > 0,
          circuit.calls,
          circuit.failures,
          circuit.lastError);
    }
  }
}
