package com.cogniforge.gateway.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.util.Optional;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** Payara's Hazelcast instance, when the server has one running (loaded only if Hazelcast is). */
final class PayaraGrid {

  private PayaraGrid() {}

  static Optional<Cluster> lookup() {
    try {
      Object found = new InitialContext().lookup("payara/Hazelcast");
      if (found instanceof HazelcastInstance grid && grid.getLifecycleService().isRunning()) {
        return Optional.of(new HazelcastCluster(grid, ClusterProducer.CACHE_MAP));
      }
    } catch (NamingException | RuntimeException notClustered) {
      // --nohazelcast, or not Payara: a single node
    }
    return Optional.empty();
  }
}
