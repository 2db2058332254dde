package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two gateway instances clustered through Payara Micro's Hazelcast (TCP/IP discovery on loopback)
 * on one PostgreSQL database, behind a real NGINX that balances between them: the daily budget, the
 * response cache and live settings are shared.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String BUDGET = "0.002";
  private static final double PRICE_PER_TOKEN = 10 / 1_000_000.0; // sim/metered=10:10

  private static final List<GatewayProcess> instances = new ArrayList<>();
  private static String database;
  private static Process nginx;
  private static URI viaNginx;

  @BeforeAll
  static void startCluster() throws Exception {
    database = TestPostgres.createDatabase("cluster");
    Path target = Path.of(System.getProperty("it.target", "target"));
    String clusterName = "cogniforge-it-" + UUID.randomUUID().toString().substring(0, 8);
    int[] ports = {GatewayProcess.freePort(), GatewayProcess.freePort()};
    int[] gridPorts = {GatewayProcess.freePort(), GatewayProcess.freePort()};
    String members = "127.0.0.1:" + gridPorts[0] + ",127.0.0.1:" + gridPorts[1];
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_DATASOURCE", "org.postgresql.ds.PGSimpleDataSource");
    env.put("DATABASE_URL", TestPostgres.url(database));
    env.put("DATABASE_USER", "gateway");
    env.put("DATABASE_PASSWORD", "gateway");
    env.put("LLM_DAILY_BUDGET", BUDGET);
    env.put("FAST_MODEL", "sim/metered");
    env.put("MODEL_PRICES", "sim/metered=10:10");
    env.put("ENABLE_HYBRID_STREAMING", "true");
    env.put("SIM_TTFT_MS", "20");
    env.put("SIM_INTER_TOKEN_MS", "2");
    env.put("SIM_TOKENS", "20");
    List<CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path data = Files.createTempDirectory(target, "cluster-" + i + "-");
      List<String> options =
          List.of(
              "--clustername",
              clusterName,
              "--clustermode",
              "tcpip:" + members,
              "--startport",
              String.valueOf(gridPorts[i]),
              "--interfaces",
              "127.0.0.1");
      int port = ports[i];
      starting.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return GatewayProcess.start(port, data, env, options);
                } catch (Exception e) {
                  throw new IllegalStateException(
                      "instance on " + port + " (log in " + data + ")", e);
                }
              }));
    }
    for (CompletableFuture<GatewayProcess> instance : starting) {
      instances.add(instance.get(400, TimeUnit.SECONDS)); // two boots on a loaded machine
    }
    int nginxPort = GatewayProcess.freePort();
    nginx =
        new ProcessBuilder(
                "scripts/nginx",
                String.valueOf(nginxPort),
                "127.0.0.1:" + ports[0],
                "127.0.0.1:" + ports[1])
            .redirectErrorStream(true)
            .redirectOutput(new File(target.toFile(), "nginx-cluster-it.log"))
            .start();
    viaNginx = URI.create("http://127.0.0.1:" + nginxPort + "/");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        if (Http.get(viaNginx.resolve("v1/models")).statusCode() == 200) {
          break;
        }
      } catch (java.io.IOException notYet) {
        // starting
      }
      assertTrue(nginx.isAlive(), "nginx exited; see target/nginx-cluster-it.log");
      assertTrue(System.nanoTime() < deadline, "nginx did not answer within 20 s");
      Thread.sleep(100);
    }
    // Both instances must see each other before the tests start.
    for (GatewayProcess instance : instances) {
      Http.awaitJson(
          instance.base.resolve("api/v1/stream/metrics"),
          m -> m.getJsonObject("cluster").getInt("members") == 2,
          java.time.Duration.ofSeconds(60));
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
    for (GatewayProcess instance : instances) {
      instance.close();
    }
  }

  private static HttpResponse<String> chat(URI base, String prompt, String extra) throws Exception {
    return Http.post(
        base.resolve("v1/chat/completions"),
        "application/json",
        "{"
            + extra
            + "\"model\":\"sim/metered\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\","
            + "\"content\":"
            + Http.quote(prompt)
            + "}]}");
  }

  private static long simulatedCalls(GatewayProcess instance) throws Exception {
    return Http.json(Http.get(instance.base.resolve("sim/v1/stats")).body())
        .getJsonNumber("started")
        .longValue();
  }

  @Test
  @Order(1)
  void aCacheEntryWrittenByOneInstanceIsServedByTheOther() throws Exception {
    GatewayProcess a = instances.get(0);
    GatewayProcess b = instances.get(1);
    String prompt = "shared answer " + UUID.randomUUID();
    HttpResponse<String> first = chat(a.base, prompt, "");
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("MISS", first.headers().firstValue("X-CogniForge-Cache").orElseThrow());
    long callsOnB = simulatedCalls(b);

    HttpResponse<String> second = chat(b.base, prompt, "");
    assertEquals(200, second.statusCode(), second.body());
    assertEquals("HIT", second.headers().firstValue("X-CogniForge-Cache").orElseThrow());
    assertEquals(text(first), text(second));
    assertEquals(callsOnB, simulatedCalls(b), "B made no provider call");
  }

  @Test
  @Order(2)
  void aSettingChangedOnOneInstanceAppliesOnTheOtherWithinTwoSeconds() throws Exception {
    GatewayProcess a = instances.get(0);
    GatewayProcess b = instances.get(1);
    String size = String.valueOf(2 + (int) (System.nanoTime() % 5));
    HttpResponse<String> changed =
        Http.send(
            HttpRequest.newBuilder(a.base.resolve("api/v1/settings"))
                .header("Authorization", Http.basic(Http.ADMIN_USER, Http.ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .method(
                    "PATCH",
                    HttpRequest.BodyPublishers.ofString(
                        "{\"STREAMING_CHUNK_SIZE\":\"" + size + "\"}"))
                .build());
    assertEquals(200, changed.statusCode(), changed.body());
    long start = System.nanoTime();
    Http.awaitJson(
        b.base.resolve("api/v1/settings"),
        s ->
            s.getJsonObject("settings")
                .getJsonObject("STREAMING_CHUNK_SIZE")
                .getString("value")
                .equals(size),
        java.time.Duration.ofSeconds(8));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("cluster: a setting changed on A applied on B after %d ms%n", tookMs);
    assertTrue(
        tookMs < 2_000, "took " + tookMs + " ms (the periodic reload alone takes up to 10 s)");
  }

  @Test
  @Order(3) // last: it spends the whole budget
  void concurrentRequestsAtBothInstancesStayWithinTheSharedBudget() throws Exception {
    int requests = 160;
    ExecutorService clients = Executors.newFixedThreadPool(requests);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      // Through NGINX (round robin) and straight at each instance, all at once; "cache": false so
      // that every request is a call that costs.
      URI base = i % 4 == 0 ? instances.get(0).base : i % 4 == 1 ? instances.get(1).base : viaNginx;
      String prompt = "count my cost please " + i;
      futures.add(
          clients.submit(
              () -> {
                go.await();
                return chat(base, prompt, "\"cache\":false,");
              }));
    }
    go.countDown();
    int ok = 0;
    int refused = 0;
    for (Future<HttpResponse<String>> future : futures) {
      HttpResponse<String> answer = future.get(120, TimeUnit.SECONDS);
      if (answer.statusCode() == 200) {
        ok++;
      } else if (answer.statusCode() == 429) {
        refused++;
      } else {
        throw new AssertionError(answer.statusCode() + " " + answer.body());
      }
    }
    clients.shutdown();
    Thread.sleep(1_000); // the last usage records are written in batches
    double spent;
    long servedByA;
    long servedByB;
    try (Connection db = TestPostgres.connect(database)) {
      ResultSet rows =
          db.createStatement().executeQuery("select coalesce(sum(cost_usd), 0) from usage_record");
      rows.next();
      spent = rows.getDouble(1);
    }
    servedByA = served(instances.get(0));
    servedByB = served(instances.get(1));
    double budget = Double.parseDouble(BUDGET);
    double oneReservation = (8 + 20 + 20) * PRICE_PER_TOKEN; // prompt estimate + cap, generous
    System.out.printf(
        "cluster budget race: %d requests at 2 instances, %d served (A %d, B %d), %d refused,"
            + " spent $%.6f of $%s (overrun $%.6f; one reservation ~$%.6f)%n",
        requests,
        ok,
        servedByA,
        servedByB,
        refused,
        spent,
        BUDGET,
        Math.max(0, spent - budget),
        oneReservation);
    assertTrue(ok >= 2 && refused >= requests / 2, ok + " served, " + refused + " refused");
    assertTrue(
        servedByA >= 1 && servedByB >= 1,
        "both instances served: A " + servedByA + ", B " + servedByB);
    assertTrue(spent <= budget + 1e-9, "spent $" + spent + " of $" + BUDGET);
    // Both instances report the same ledger.
    assertEquals(spentBy(instances.get(0)), spentBy(instances.get(1)), 1e-9);
  }

  private static long served(GatewayProcess instance) throws Exception {
    JsonObject metrics = Http.json(Http.get(instance.base.resolve("api/v1/stream/metrics")).body());
    return metrics.getJsonObject("outcomes").getJsonNumber("ok").longValue();
  }

  private static double spentBy(GatewayProcess instance) throws Exception {
    JsonObject route = Http.json(Http.get(instance.base.resolve("api/v1/route?q=x")).body());
    return route.getJsonObject("budget").getJsonNumber("spent_usd").doubleValue();
  }

  private static String text(HttpResponse<String> response) {
    return Http.json(response.body())
        .getJsonArray("choices")
        .getJsonObject(0)
        .getJsonObject("message")
        .getString("content");
  }
}
