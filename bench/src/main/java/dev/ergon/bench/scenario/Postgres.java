package dev.ergon.bench.scenario;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;

/** The PostgreSQL server S4 runs on: 127.0.0.1:5432, database {@code test}, user postgres. */
final class Postgres {
  static final String URL =
      System.getProperty("ergon.bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = System.getProperty("ergon.bench.pg.user", "postgres");
  static final String PASSWORD = System.getProperty("ergon.bench.pg.password", "");

  private Postgres() {}

  static Connection connect() throws SQLException {
    DriverManager.setLoginTimeout(5);
    return DriverManager.getConnection(URL, USER, PASSWORD);
  }

  /** Why PostgreSQL cannot be used, or empty when a connection opens. */
  static Optional<String> unavailable() {
    try (Connection c = connect()) {
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(
          "PostgreSQL is not reachable at " + URL + " as " + USER + ": " + e.getMessage());
    }
  }

  /** A fresh table name for one pass. */
  static String freshTable() {
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    return "bench_" + HexFormat.of().formatHex(b);
  }

  static void drop(String table) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + table);
    }
  }
}
