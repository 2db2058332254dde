package com.cogniforge.gateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL of one test class's own ({@code scripts/test-postgres} in a folder of its own), for
 * tests that stop, restart or freeze the server: the suite's shared one must not feel it. Closing
 * it thaws and stops it, whatever state the test left it in.
 */
final class ThrowAwayPostgres implements AutoCloseable {

  final int port;
  private final Path dir;
  private volatile boolean paused;

  private ThrowAwayPostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static ThrowAwayPostgres start(Path parent) throws Exception {
    Path dir = Files.createTempDirectory(parent, "throw-away-pg");
    // initdb runs as the postgres account when the tests run as root: it must enter the folder.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    String port = script("start", dir).trim();
    return new ThrowAwayPostgres(dir, Integer.parseInt(port));
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/cogniforge";
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "gateway", "gateway");
  }

  /** Stops the server ({@code pg_ctl stop -m fast}): connections are cut, logins refused. */
  void stop() throws Exception {
    script("stop", dir);
  }

  /** Starts it again on the same port and data. */
  void restart() throws Exception {
    script("restart", dir);
  }

  /**
   * Freezes the postmaster and every backend with SIGSTOP: connections stay open, nothing answers.
   */
  void pause() throws Exception {
    paused = true;
    script("pause", dir);
  }

  /** Thaws what {@link #pause} froze (SIGCONT). */
  void resume() throws Exception {
    script("resume", dir);
    paused = false;
  }

  @Override
  public void close() throws Exception {
    if (paused) {
      resume(); // never leave a frozen process behind
    }
    stop();
    deleteTree(dir);
  }

  /** Deletes a folder and everything in it, as far as it can. */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException inUse) {
                  // left for the next clean
                }
              });
    }
  }

  private static String script(String action, Path dir) throws Exception {
    Path output = Files.createTempFile(dir.getParent(), "test-postgres", ".out");
    try {
      Process process =
          new ProcessBuilder("scripts/test-postgres", action, dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("scripts/test-postgres " + action + " did not end within 90 s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException("scripts/test-postgres " + action + " failed: " + text);
      }
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
