package com.cogniforge.gateway.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Chooses how this instance shares state: through Payara Micro's Hazelcast data grid when the
 * server runs one (started without {@code --nohazelcast}; {@code scripts/run} does so when {@code
 * CLUSTER_MEMBERS} is set), else as a single node. Nothing here names a Hazelcast type, so the WAR
 * deploys where there is no Hazelcast at all (WildFly).
 */
@ApplicationScoped
public class ClusterProducer {

  private static final Logger LOG = Logger.getLogger(ClusterProducer.class.getName());

  /** The cache map's name: the one shared map that is bounded. */
  public static final String CACHE_MAP = "cogniforge-cache";

  @Produces
  @ApplicationScoped
  Cluster cluster() {
    Optional<Cluster> grid = gridIfRunning();
    Cluster cluster = grid.orElseGet(SingleNode::new);
    LOG.info("cluster: " + cluster.description());
    return cluster;
  }

  private static Optional<Cluster> gridIfRunning() {
    try {
      Class.forName(
          "com.hazelcast.core.HazelcastInstance", false, ClusterProducer.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError noHazelcast) {
      return Optional.empty();
    }
    return PayaraGrid.lookup();
  }
}
