package com.cogniforge.gateway.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The default: one instance, whose shared state is its own memory. */
public final class SingleNode implements Cluster {

  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  @Override
  public String description() {
    return "single node";
  }

  @Override
  public int members() {
    return 1;
  }

  @Override
  public SharedCounter counter(String name) {
    AtomicLong counter = counters.computeIfAbsent(name, n -> new AtomicLong());
    return new SharedCounter() {
      @Override
      public long get() {
        return counter.get();
      }

      @Override
      public long addAndGet(long delta) {
        return counter.addAndGet(delta);
      }

      @Override
      public boolean compareAndSet(long expected, long value) {
        return counter.compareAndSet(expected, value);
      }
    };
  }

  @Override
  public Optional<String> get(String map, String key) {
    return Optional.empty();
  }

  @Override
  public void put(String map, String key, Supplier<String> value, Duration ttl) {}

  @Override
  public void publish(String topic, String message) {}

  @Override
  public void subscribe(String topic, Consumer<String> listener) {}
}
