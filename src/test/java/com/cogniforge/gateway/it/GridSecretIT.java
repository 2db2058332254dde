package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.PartitionGroupConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The data grid of a gateway started by {@code scripts/run}: a member that knows {@code
 * CLUSTER_SECRET} joins it, one that does not is refused, the grid listens on its private interface
 * only, and clustering without a secret is refused. The intruders are Hazelcast members and clients
 * in the test JVM (the version Payara ships), which is what an intruder would run.
 */
class GridSecretIT {

  private static final Path TARGET = Path.of(System.getProperty("it.target", "target"));

  @Test
  void clusteringWithoutASecretIsRefused() throws Exception {
    Path data = Files.createTempDirectory(TARGET, "grid-nosecret");
    Process run =
        GatewayProcess.script(
                GatewayProcess.freePort(),
                data,
                Map.of("CLUSTER_MEMBERS", "127.0.0.1:5901,127.0.0.1:5902"))
            .start();
    assertTrue(run.waitFor(60, TimeUnit.SECONDS), "scripts/run exits at once");
    assertEquals(64, run.exitValue());
    assertTrue(Files.readString(data.resolve("gateway.log")).contains("CLUSTER_SECRET"));
  }

  @Test
  void onlyWhoKnowsTheSecretIsLetIntoTheGrid() throws Exception {
    String secret = "the-right-secret-" + System.nanoTime();
    int gridPort = GatewayProcess.freePort();
    int otherPort = GatewayProcess.freePort();
    String members = "127.0.0.1:" + gridPort + ",127.0.0.1:" + otherPort;
    Path data = Files.createTempDirectory(TARGET, "grid-");
    try (GatewayProcess gateway =
        GatewayProcess.startScript(
            GatewayProcess.freePort(),
            data,
            Map.of(
                "CLUSTER_MEMBERS", members,
                "CLUSTER_PORT", String.valueOf(gridPort),
                "CLUSTER_SECRET", secret))) {
      String listening = listeningOn(gridPort);
      // 127.0.0.1:port, or [::ffff:127.0.0.1]:port for an IPv6 socket bound to that address.
      assertTrue(
          listening.matches("(?s).*[ \\[:]127\\.0\\.0\\.1\\]?:" + gridPort + " .*"), listening);
      assertFalse(
          listening.contains("0.0.0.0:" + gridPort)
              || listening.contains("*:" + gridPort)
              || listening.contains("[::]:" + gridPort),
          "the grid listens on its interface only: " + listening);

      // An intruder who knows the address and the default name, or guesses another secret.
      for (String name : new String[] {"cogniforge", gridName("a-wrong-secret-guessed")}) {
        HazelcastInstance intruder = member(name, otherPort, gridPort);
        try {
          Thread.sleep(3_000);
          assertEquals(1, intruder.getCluster().getMembers().size(), name + " joined");
          assertEquals(1, gridMembers(gateway), name + " joined");
        } finally {
          intruder.shutdown();
        }
      }

      // A client of the grid (Payara's members serialize their own types, which a plain member
      // cannot read, so the control that the name is what decides is a client): with the
      // secret's name it is let in and sees the gateway; with another name it is refused.
      HazelcastInstance insider = client(gridName(secret), gridPort);
      try {
        assertEquals(1, insider.getCluster().getMembers().size());
      } finally {
        insider.shutdown();
      }
      assertThrows(
          IllegalStateException.class,
          () -> client(gridName("a-wrong-secret-guessed"), gridPort).shutdown());
    }
  }

  private static HazelcastInstance client(String clusterName, int gridPort) {
    ClientConfig config = new ClientConfig().setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "jdk");
    config.getNetworkConfig().addAddress("127.0.0.1:" + gridPort);
    config
        .getConnectionStrategyConfig()
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(10_000);
    return HazelcastClient.newHazelcastClient(config);
  }

  /** The grid name scripts/run derives from a secret. */
  private static String gridName(String secret) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    return "cogniforge-" + HexFormat.of().formatHex(digest).substring(0, 40);
  }

  private static HazelcastInstance member(String clusterName, int port, int gridPort) {
    Config config = new Config().setClusterName(clusterName);
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    // As Payara configures its members: a member that differs is refused for that, not the name.
    config
        .getPartitionGroupConfig()
        .setEnabled(true)
        .setGroupType(PartitionGroupConfig.MemberGroupType.HOST_AWARE);
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + gridPort);
    return Hazelcast.newHazelcastInstance(config);
  }

  private static int gridMembers(GatewayProcess gateway) throws Exception {
    return Http.json(Http.get(gateway.base.resolve("api/v1/stream/metrics")).body())
        .getJsonObject("cluster")
        .getInt("members");
  }

  private static String listeningOn(int port) throws Exception {
    Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ss.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}
