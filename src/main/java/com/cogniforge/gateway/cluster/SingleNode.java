package com.cogniforge.gateway.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The default: one instance, whose shared state is its own memory. */
public final class SingleNode implements Cluster {

  private final Map<String, double[]> records = new HashMap<>();

  @Override
  public String description() {
    return "single node";
  }

  @Override
  public int members() {
    return 1;
  }

  @Override
  public synchronized double[] update(
      String map, String key, Supplier<double[]> initial, UnaryOperator<double[]> change) {
    double[] current = records.computeIfAbsent(map + '/' + key, k -> initial.get());
    double[] next = change.apply(current.clone());
    if (next != null) {
      records.put(map + '/' + key, next);
    }
    return next;
  }

  @Override
  public synchronized double[] read(String map, String key, Supplier<double[]> initial) {
    return records.computeIfAbsent(map + '/' + key, k -> initial.get()).clone();
  }

  @Override
  public Optional<String> get(String map, String key) {
    return Optional.empty();
  }

  @Override
  public void put(String map, String key, String value, Duration ttl) {}

  @Override
  public void publish(String topic, String message) {}

  @Override
  public void subscribe(String topic, Consumer<String> listener) {}
}
