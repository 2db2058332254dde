package com.cogniforge.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same WAR on WildFly, started as an operator starts it ({@code scripts/run-wildfly}, with the
 * WildFly the build unpacked): a smoke test of what differs from Payara (the data source, JPA's
 * transaction manager, the operator's login under Undertow, no MicroProfile Metrics, health on the
 * management port, SIGTERM through standalone.sh).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyIT {

  /** standalone.xml's ports besides HTTP (8080); all move by the same offset. */
  private static final int[] OTHER_PORTS = {9990, 9993, 8443, 8009, 4712, 4713};

  private static Process wildfly;
  private static Path data;
  private static URI base;
  private static URI management;

  @BeforeAll
  static void start() throws Exception {
    data =
        Files.createTempDirectory(Path.of(System.getProperty("it.target", "target")), "it-wildfly");
    int offset = freeOffset();
    base = URI.create("http://127.0.0.1:" + (8080 + offset) + "/");
    management = URI.create("http://127.0.0.1:" + (9990 + offset) + "/");
    ProcessBuilder builder =
        new ProcessBuilder("bash", "scripts/run-wildfly")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("gateway.log").toFile()));
    builder.environment().put("PORT", String.valueOf(8080 + offset));
    builder.environment().put("DATA_DIR", data.toString());
    builder.environment().put("ADMIN_PASSWORD_HASH", Http.ADMIN_PASSWORD_HASH);
    builder.environment().put("WILDFLY_HOME", System.getProperty("wildfly.home"));
    builder
        .environment()
        .put("GATEWAY_WAR", System.getProperty("gateway.war", "target/stream-gateway.war"));
    long started = System.nanoTime();
    wildfly = builder.start();
    awaitUp(Duration.ofSeconds(150));
    System.out.printf(
        "WildFly: configured, booted and serving in %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  /** A port offset at which every port WildFly opens is free on loopback. */
  private static int freeOffset() {
    for (int attempt = 0; attempt < 100; attempt++) {
      int offset = ThreadLocalRandom.current().nextInt(20_000, 50_000);
      if (free(8080 + offset)
          && java.util.Arrays.stream(OTHER_PORTS).allMatch(p -> free(p + offset))) {
        return offset;
      }
    }
    throw new IllegalStateException("no free port offset found");
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static void awaitUp(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!wildfly.isAlive()) {
        throw new IllegalStateException("run-wildfly exited with " + wildfly.exitValue() + log());
      }
      try {
        if (Http.get(base.resolve("v1/models")).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still booting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("gateway on WildFly not up within " + limit + log());
  }

  private static String log() throws IOException {
    return "; log:\n" + Files.readString(data.resolve("gateway.log"), StandardCharsets.UTF_8);
  }

  @Test
  @Order(1)
  void listsTheModels() throws Exception {
    HttpResponse<String> models = Http.get(base.resolve("v1/models"));
    assertEquals(200, models.statusCode());
    assertTrue(models.body().contains("\"object\":\"list\""), models.body());
  }

  @Test
  @Order(2)
  void streamsAChatCompletionFromTheSimulatedProviderAndRecordsItsUsage() throws Exception {
    HttpResponse<String> answer =
        Http.send(
            HttpRequest.newBuilder(base.resolve("v1/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}"))
                .build());
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(
        answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    String body = answer.body();
    assertTrue(body.split("chat\\.completion\\.chunk", -1).length > 3, body);
    assertTrue(body.strip().endsWith("data: [DONE]"), body);

    String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();
    JsonObject record = Http.usageRecord(base, requestId);
    assertEquals("ok", record.getString("outcome"));
    assertEquals("simulated", record.getString("provider"));
    assertTrue(record.getInt("completion_tokens") > 0, record.toString());
  }

  @Test
  @Order(3)
  void sendsTheConsoleToTheLoginPageWithAStrictSessionCookieAndRefusesAWrongPassword()
      throws Exception {
    HttpResponse<String> console = Http.get(base.resolve("admin"));
    assertEquals(302, console.statusCode());
    assertTrue(
        console.headers().firstValue("Location").orElse("").contains("/admin/login"),
        console.headers().toString());
    HttpResponse<String> login = Http.get(base.resolve("admin/login"));
    assertEquals(200, login.statusCode());
    String sessionCookie =
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("CF_SESSION="))
            .findFirst()
            .orElseThrow();
    assertTrue(sessionCookie.contains("SameSite=Strict"), sessionCookie);
    assertTrue(sessionCookie.contains("HttpOnly"), sessionCookie);

    HttpResponse<String> wrong =
        Http.send(
            HttpRequest.newBuilder(base.resolve("api/v1/usage"))
                .header("Authorization", Http.basic(Http.ADMIN_USER, "not-the-password"))
                .build());
    assertEquals(401, wrong.statusCode());
    assertEquals(
        "invalid_credentials",
        Http.json(wrong.body()).getJsonObject("error").getString("code"),
        wrong.body());
  }

  @Test
  @Order(4)
  void reportsReadinessOnTheManagementPort() throws Exception {
    HttpResponse<String> ready = Http.get(management.resolve("health/ready"));
    assertEquals(200, ready.statusCode(), ready.body());
    assertTrue(ready.body().contains("cogniforge-gateway"), ready.body());
  }

  @Test
  @Order(5)
  void drainsAndStopsOnSigterm() throws Exception {
    wildfly.destroy(); // SIGTERM to standalone.sh, which passes it on to the JVM
    assertTrue(wildfly.waitFor(60, TimeUnit.SECONDS), "WildFly still running 60 s after SIGTERM");
    String log = log();
    assertTrue(log.contains("drained: 0 streams interrupted, usage records written"), log);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (wildfly == null) {
      return;
    }
    wildfly.destroy();
    if (!wildfly.waitFor(60, TimeUnit.SECONDS)) {
      wildfly.descendants().forEach(ProcessHandle::destroyForcibly);
      wildfly.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
