package com.cogniforge.gateway.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The throw-away PostgreSQL that scripts/test starts for the integration tests. */
final class TestPostgres {

  private TestPostgres() {}

  static int port() {
    String port = System.getProperty("test.pg.port", "");
    if (!port.matches("\\d+")) {
      throw new IllegalStateException(
          "no test PostgreSQL: run the suite with scripts/test (it starts one and passes"
              + " -Dtest.pg.port)");
    }
    return Integer.parseInt(port);
  }

  static String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database), "gateway", "gateway");
  }

  /** A new, empty database owned by the gateway's user. */
  static String createDatabase(String prefix) throws SQLException {
    String name = prefix + "_" + System.nanoTime();
    try (Connection admin = DriverManager.getConnection(url("postgres"), "postgres", "")) {
      admin.createStatement().execute("create database " + name + " owner gateway");
    }
    return name;
  }
}
