package com.cogniforge.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two real Hazelcast members in this JVM (TCP/IP on loopback), one {@link HazelcastCluster} on
 * each, as two gateway instances would have: the shared records stay exact under contention.
 */
class HazelcastClusterTest {

  private static final List<HazelcastInstance> members = new ArrayList<>();
  private static Cluster first;
  private static Cluster second;

  @BeforeAll
  static void startGrid() {
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
    first = new HazelcastCluster(members.get(0), "shared-texts");
    second = new HazelcastCluster(members.get(1), "shared-texts");
  }

  @AfterAll
  static void stopGrid() {
    members.forEach(HazelcastInstance::shutdown);
  }

  @Test
  void bothMembersSeeOneCluster() {
    assertEquals(2, first.members());
    assertEquals(2, second.members());
  }

  @Test
  void concurrentReservationsFromBothMembersNeverOverrunTheLimit() throws Exception {
    String day = "day-" + UUID.randomUUID();
    double limit = 1.0;
    double each = 0.03; // 33 fit, the 34th would overrun
    ExecutorService threads = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger granted = new AtomicInteger();
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Cluster node = i % 2 == 0 ? first : second;
      all.add(
          threads.submit(
              () -> {
                go.await();
                double[] after =
                    node.update(
                        "budget",
                        day,
                        () -> new double[] {0, 0},
                        l ->
                            l[0] + l[1] + each > limit + 1e-12
                                ? null
                                : new double[] {l[0], l[1] + each});
                if (after != null) {
                  granted.incrementAndGet();
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : all) {
      f.get(60, TimeUnit.SECONDS);
    }
    threads.shutdown();
    assertEquals(33, granted.get(), "exactly as many as fit");
    double[] ledger = second.read("budget", day, () -> new double[] {0, 0});
    assertEquals(33 * each, ledger[1], 1e-9);
  }

  @Test
  void aRecordIsCreatedOnceFromItsInitialValue() {
    String day = "day-" + UUID.randomUUID();
    assertEquals(5.0, first.read("budget", day, () -> new double[] {5, 0})[0]);
    assertEquals(5.0, second.read("budget", day, () -> new double[] {99, 0})[0], "not re-created");
    assertNull(second.update("budget", day, () -> new double[] {0, 0}, l -> null), "refused");
  }

  @Test
  void textsAndMessagesReachTheOtherMember() throws Exception {
    first.put("shared-texts", "k", "an answer", Duration.ofMinutes(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (second.get("shared-texts", "k").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals("an answer", second.get("shared-texts", "k").orElseThrow());

    CountDownLatch heard = new CountDownLatch(1);
    second.subscribe("changes", message -> heard.countDown());
    first.publish("changes", "settings");
    assertTrue(heard.await(5, TimeUnit.SECONDS));
  }
}
