package com.cogniforge.gateway.cluster;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.IAtomicLong;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Shared state in the Hazelcast data grid that Payara Micro runs when clustered: counters are the
 * grid's atomic longs, texts a bounded map of strings, notices a topic of strings, so no gateway
 * class ever has to be loaded by the grid.
 *
 * <p>Only {@link ClusterProducer} names this class, after checking that Hazelcast is there.
 */
final class HazelcastCluster implements Cluster {

  /**
   * Heap the shared texts (cached answers, up to 256K characters each) may take on each member, in
   * MB, backups included, before the least recently used go: a bound in bytes, as a count of
   * entries of such varied sizes bounds nothing.
   */
  static final int SHARED_TEXTS_MB_PER_MEMBER = 64;

  private final HazelcastInstance grid;

  HazelcastCluster(HazelcastInstance grid, String boundedMap) {
    this(grid, boundedMap, SHARED_TEXTS_MB_PER_MEMBER);
  }

  HazelcastCluster(HazelcastInstance grid, String boundedMap, int megabytesPerMember) {
    this.grid = grid;
    // Dynamic configuration, added before the map is first used: bounded, least recently used out.
    // USED_HEAP_SIZE counts the map's stored (serialized) entries, which its BINARY format keeps.
    grid.getConfig()
        .addMapConfig(
            new MapConfig(boundedMap)
                .setEvictionConfig(
                    new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.USED_HEAP_SIZE)
                        .setSize(megabytesPerMember)));
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
  public SharedCounter counter(String name) {
    // CP Subsystem's atomic long; with no CP members configured (Payara's default) it runs in
    // Hazelcast's "unsafe" AP mode: one partition owner applies each operation, one round trip.
    IAtomicLong counter = grid.getCPSubsystem().getAtomicLong(name);
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
    IMap<String, String> texts = grid.getMap(map);
    return Optional.ofNullable(texts.get(key));
  }

  @Override
  public void put(String map, String key, Supplier<String> value, Duration ttl) {
    IMap<String, String> texts = grid.getMap(map);
    texts.setAsync(key, value.get(), Math.max(1, ttl.toSeconds()), TimeUnit.SECONDS);
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
