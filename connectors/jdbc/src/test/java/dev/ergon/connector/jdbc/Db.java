package dev.ergon.connector.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** The test databases: PostgreSQL on 127.0.0.1 (database {@code test}) and embedded files. */
final class Db {
  static final String PG_URL =
      System.getProperty("ergon.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String PG_USER = System.getProperty("ergon.test.pg.user", "postgres");

  private Db() {}

  /** A PostgreSQL queue on {@code table} with a short lease, so redelivery tests run fast. */
  static JdbcQueueConfig.Builder postgres(String table) {
    return JdbcQueueConfig.builder(PG_URL)
        .username(PG_USER)
        .table(table)
        .leaseDuration(Duration.ofSeconds(2));
  }

  /** An embedded queue on {@code table} in {@code file}, with a short lease. */
  static JdbcQueueConfig.Builder embedded(Path file, String table) {
    return JdbcQueueConfig.embedded(file).table(table).leaseDuration(Duration.ofSeconds(2));
  }

  static Connection pg() throws SQLException {
    return DriverManager.getConnection(PG_URL, PG_USER, "");
  }

  static Connection sqlite(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  /** Runs one statement on a fresh PostgreSQL connection. */
  static void pgExecute(String sql) throws SQLException {
    try (Connection c = pg();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  /** The first column of the first row of a query on PostgreSQL, as a long. */
  static long pgLong(String sql) throws SQLException {
    return queryLong(pg(), sql);
  }

  static long queryLong(Connection connection, String sql) throws SQLException {
    try (Connection c = connection;
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
