package com.cogniforge.gateway.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What the gateway shares with the other instances of its cluster (nothing, on its own). */
public interface Cluster {

  /** "single node", or the grid and its member count, for operators. */
  String description();

  int members();

  /**
   * The counter of this name (created at 0 on first use). One network round trip per operation in a
   * cluster, whoever changes it, which is why the budget ledger is made of counters.
   */
  SharedCounter counter(String name);

  /** A shared text (a cached answer); always empty on a single node, whose own cache suffices. */
  Optional<String> get(String map, String key);

  /**
   * Shares a text for {@code ttl}; the shared map is bounded and may drop it earlier. The text is
   * made only when there is someone to share it with (never on a single node).
   */
  void put(String map, String key, Supplier<String> value, Duration ttl);

  /** Tells every instance (this one included) that something changed. */
  void publish(String topic, String message);

  /** Runs {@code listener} for each message published to {@code topic} by any instance. */
  void subscribe(String topic, Consumer<String> listener);
}
