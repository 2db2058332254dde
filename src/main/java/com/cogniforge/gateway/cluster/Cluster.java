package com.cogniforge.gateway.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** What the gateway shares with the other instances of its cluster (nothing, on its own). */
public interface Cluster {

  /** "single node", or the grid and its member count, for operators. */
  String description();

  int members();

  /**
   * Atomically changes a small shared record (a few numbers), starting from {@code initial} when
   * the record does not exist yet. {@code change} gets a copy and may run more than once (when
   * another instance changed the record meanwhile); it returns null to leave the record as it is.
   *
   * @return the new record, or null when {@code change} refused
   */
  double[] update(
      String map, String key, Supplier<double[]> initial, UnaryOperator<double[]> change);

  /** The record, created from {@code initial} if it does not exist yet. */
  double[] read(String map, String key, Supplier<double[]> initial);

  /** A shared text (a cached answer); always empty on a single node, whose own cache suffices. */
  Optional<String> get(String map, String key);

  /** Shares a text for {@code ttl}; the shared map is bounded and may drop it earlier. */
  void put(String map, String key, String value, Duration ttl);

  /** Tells every instance (this one included) that something changed. */
  void publish(String topic, String message);

  /** Runs {@code listener} for each message published to {@code topic} by any instance. */
  void subscribe(String topic, Consumer<String> listener);
}
