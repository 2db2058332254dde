package com.cogniforge.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Two real Hazelcast members in the test JVM (TCP/IP on loopback, a cluster name of their own),
 * each wrapped as the {@link Cluster} of one gateway instance.
 */
public final class TwoMemberGrid implements AutoCloseable {

  private final List<HazelcastInstance> members = new ArrayList<>();
  public final Cluster first;
  public final Cluster second;

  public TwoMemberGrid() {
    this(HazelcastCluster.SHARED_TEXTS_MB_PER_MEMBER);
  }

  /** With the shared texts bounded at {@code megabytes} per member. */
  public TwoMemberGrid(int megabytes) {
    String name = "cogniforge-test-" + UUID.randomUUID();
    int base = 15701 + (int) (Math.random() * 20_000);
    for (int i = 0; i < 2; i++) {
      Config config = new Config().setClusterName(name);
      config.setProperty("hazelcast.logging.type", "jdk");
      config.setProperty("hazelcast.phone.home.enabled", "false");
      config.getNetworkConfig().setPort(base).setPortAutoIncrement(true).setPortCount(5);
      config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
      JoinConfig join = config.getNetworkConfig().getJoin();
      join.getMulticastConfig().setEnabled(false);
      join.getAutoDetectionConfig().setEnabled(false);
      join.getTcpIpConfig()
          .setEnabled(true)
          .addMember("127.0.0.1:" + base)
          .addMember("127.0.0.1:" + (base + 1));
      members.add(Hazelcast.newHazelcastInstance(config));
    }
    first = new HazelcastCluster(members.get(0), "shared-texts", megabytes);
    second = new HazelcastCluster(members.get(1), "shared-texts", megabytes);
  }

  @Override
  public void close() {
    members.forEach(HazelcastInstance::shutdown);
  }
}
