package com.cogniforge.gateway.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway started as operators start it (Payara Micro, the packaged WAR, settings from
 * environment variables), for tests that need to stop and restart the same instance on the same
 * data, which a container managed by Arquillian cannot do.
 */
final class GatewayProcess implements AutoCloseable {

  final URI base;
  private final Process process;

  private GatewayProcess(URI base, Process process) {
    this.base = base;
    this.process = process;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static GatewayProcess start(int port, Path dataDir, Map<String, String> env) throws Exception {
    return start(port, dataDir, env, List.of("--nohazelcast"));
  }

  /** Starts one with Payara Micro options of its own (clustering) instead of --nohazelcast. */
  static GatewayProcess start(
      int port, Path dataDir, Map<String, String> env, List<String> payaraOptions)
      throws Exception {
    String target = System.getProperty("it.target", "target");
    // A fresh runtime folder per start, as scripts/run does: a kept one redeploys the last WAR.
    Path runtime = java.nio.file.Files.createTempDirectory(dataDir, "runtime");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "java",
                "-Djava.io.tmpdir=" + runtime,
                "-jar",
                target + "/payara-micro.jar",
                "--deploy",
                System.getProperty("gateway.war", target + "/stream-gateway.war"),
                "--contextroot",
                "/",
                "--port",
                String.valueOf(port),
                "--prebootcommandfile",
                "src/test/resources/loopback.asadmin"));
    command.addAll(payaraOptions);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                java.lang.ProcessBuilder.Redirect.appendTo(
                    dataDir.resolve("gateway.log").toFile()));
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("ADMIN_PASSWORD_HASH", Http.ADMIN_PASSWORD_HASH);
    builder.environment().putAll(env);
    GatewayProcess gateway =
        new GatewayProcess(URI.create("http://127.0.0.1:" + port + "/"), builder.start());
    gateway.awaitUp(Duration.ofSeconds(240)); // a loaded CI machine boots slowly
    return gateway;
  }

  /**
   * Starts one through {@code scripts/run}, exactly as an operator does, with {@code env} on top of
   * a loopback address, {@code port} and {@code dataDir}.
   */
  static GatewayProcess startScript(int port, Path dataDir, Map<String, String> env)
      throws Exception {
    Process process = script(port, dataDir, env).start();
    GatewayProcess gateway =
        new GatewayProcess(URI.create("http://127.0.0.1:" + port + "/"), process);
    gateway.awaitUp(Duration.ofSeconds(300));
    return gateway;
  }

  /** {@code scripts/run} ready to start, its output appended to the data folder's log. */
  static ProcessBuilder script(int port, Path dataDir, Map<String, String> env) {
    ProcessBuilder builder =
        new ProcessBuilder("scripts/run")
            .redirectErrorStream(true)
            .redirectOutput(
                java.lang.ProcessBuilder.Redirect.appendTo(
                    dataDir.resolve("gateway.log").toFile()));
    builder.environment().put("PORT", String.valueOf(port));
    builder.environment().put("BIND_ADDRESS", "127.0.0.1");
    builder.environment().put("DATA_DIR", dataDir.toString());
    builder.environment().put("ADMIN_PASSWORD_HASH", Http.ADMIN_PASSWORD_HASH);
    builder.environment().putAll(env);
    return builder;
  }

  private void awaitUp(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("gateway exited with " + process.exitValue());
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
    close();
    throw new IllegalStateException("gateway not up within " + limit);
  }

  /** The gateway's JVM ({@code scripts/run} execs it, so that is the script's own process). */
  long pid() {
    return process.pid();
  }

  /** Sends SIGTERM, as an operator's stop does, without waiting. */
  void terminate() {
    process.destroy();
  }

  /** Kills it with SIGKILL ({@code kill -9}): no shutdown hook, no drain, nothing flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the gateway survived SIGKILL");
    }
  }

  /** Waits (bounded) for the process to end; true if it did. */
  boolean awaitExit(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS);
  }

  /** Stops it the way an operator does (SIGTERM), waiting for the shutdown to finish. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static File log(Path dataDir) {
    return dataDir.resolve("gateway.log").toFile();
  }
}
