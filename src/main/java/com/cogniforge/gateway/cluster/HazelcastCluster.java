package com.cogniforge.gateway.cluster;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Shared state in the Hazelcast data grid that Payara Micro runs when clustered. Records are
 * changed by optimistic compare-and-set ({@code IMap.replace(key, old, new)}, which compares the
 * serialised values), so no gateway class ever has to be loaded by the grid; texts and messages are
 * plain strings for the same reason.
 *
 * <p>Only {@link ClusterProducer} names this class, after checking that Hazelcast is there.
 */
final class HazelcastCluster implements Cluster {

  /** Shared texts (cached answers) kept at most, per member, before the least recently used go. */
  static final int SHARED_TEXTS_PER_MEMBER = 10_000;

  private final HazelcastInstance grid;

  HazelcastCluster(HazelcastInstance grid, String boundedMap) {
    this.grid = grid;
    // Dynamic configuration, added before the map is first used: bounded, least recently used out.
    grid.getConfig()
        .addMapConfig(
            new MapConfig(boundedMap)
                .setEvictionConfig(
                    new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(SHARED_TEXTS_PER_MEMBER)));
  }

  @Override
  public String description() {
    return "Hazelcast " + grid.getName() + ", " + members() + " members";
  }

  @Override
  public int members() {
    return grid.getCluster().getMembers().size();
  }

  @Override
  public double[] update(
      String map, String key, Supplier<double[]> initial, UnaryOperator<double[]> change) {
    IMap<String, double[]> records = grid.getMap(map);
    while (true) {
      double[] current = current(records, key, initial);
      double[] next = change.apply(current.clone());
      if (next == null) {
        return null;
      }
      if (records.replace(key, current, next)) {
        return next;
      }
      // another instance changed it first: read again and retry
    }
  }

  @Override
  public double[] read(String map, String key, Supplier<double[]> initial) {
    return current(grid.getMap(map), key, initial);
  }

  private static double[] current(
      IMap<String, double[]> records, String key, Supplier<double[]> initial) {
    double[] current = records.get(key);
    if (current == null) {
      double[] fresh = initial.get();
      current = records.putIfAbsent(key, fresh, 2, TimeUnit.DAYS);
      if (current == null) {
        current = fresh;
      }
    }
    return current;
  }

  @Override
  public Optional<String> get(String map, String key) {
    IMap<String, String> texts = grid.getMap(map);
    return Optional.ofNullable(texts.get(key));
  }

  @Override
  public void put(String map, String key, String value, Duration ttl) {
    IMap<String, String> texts = grid.getMap(map);
    texts.setAsync(key, value, Math.max(1, ttl.toSeconds()), TimeUnit.SECONDS);
  }

  @Override
  public void publish(String topic, String message) {
    grid.<String>getTopic(topic).publish(message);
  }

  @Override
  public void subscribe(String topic, Consumer<String> listener) {
    grid.<String>getTopic(topic)
        .addMessageListener(message -> listener.accept(message.getMessageObject()));
  }
}
