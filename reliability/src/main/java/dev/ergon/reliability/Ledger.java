package dev.ergon.reliability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The record of what the workers processed: one row per processing of a transaction (id, worker),
 * in a PostgreSQL table of its own, written by the task before the engine settles. Lost = sent but
 * never processed; duplicates = processings beyond the first of an id.
 *
 * @param url the PostgreSQL JDBC URL (credentials as URL parameters)
 * @param table the ledger table, a lowercase SQL identifier
 */
public record Ledger(String url, String table) {
  /** The shared PostgreSQL of the machine, database {@code test}. */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** Checks the table name. */
  public Ledger {
    if (!table.matches("[a-z][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("ledger table must be a lowercase identifier: " + table);
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** Creates the (empty) table. */
  void create() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
      st.execute("CREATE TABLE " + table + " (id TEXT NOT NULL, worker TEXT NOT NULL)");
    }
  }

  /** Drops the table. */
  void drop() throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
    }
  }

  /** The statement a worker records a processing with: parameters id, worker. */
  String insert() {
    return "INSERT INTO " + table + " (id, worker) VALUES (?, ?)";
  }

  /** How many processings were recorded. */
  long total() throws SQLException {
    return count("SELECT COUNT(*) FROM " + table);
  }

  /** How many distinct ids were processed. */
  long distinct() throws SQLException {
    return count("SELECT COUNT(DISTINCT id) FROM " + table);
  }

  /** The distinct ids processed. */
  Set<String> ids() throws SQLException {
    Set<String> out = new HashSet<>();
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT DISTINCT id FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** How many processings each worker recorded, by worker name. */
  Map<String, Long> shares() throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement("SELECT worker, COUNT(*) FROM " + table + " GROUP BY worker");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  /**
   * The ids processed more than once, with how many times, at most {@code limit} of them.
   *
   * @param limit the most to return
   * @return id to processings, ordered by id
   */
  Map<String, Long> duplicated(int limit) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, COUNT(*) FROM "
                    + table
                    + " GROUP BY id HAVING COUNT(*) > 1 ORDER BY id LIMIT "
                    + limit);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private long count(String sql) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
