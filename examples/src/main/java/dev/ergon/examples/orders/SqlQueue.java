package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.connector.jdbc.JdbcQueueConfig;
import dev.ergon.connector.jdbc.JdbcQueueConnector;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * {@link OrderQueue#sqlite} and {@link OrderQueue#postgres}: the SQL queue connector. Counting,
 * clearing and deleting go straight to the table with plain JDBC.
 */
final class SqlQueue implements OrderQueue {
  private final JdbcQueueConfig config;
  private final String description;

  private SqlQueue(JdbcQueueConfig config, String description) {
    this.config = config;
    this.description = description;
  }

  static SqlQueue sqlite(Path file, String table) {
    JdbcQueueConfig config =
        JdbcQueueConfig.embedded(file).table(table).leaseDuration(LEASE).build();
    return new SqlQueue(config, "sqlite " + file + " (table " + table + ")");
  }

  static SqlQueue url(String jdbcUrl, String table) {
    JdbcQueueConfig config =
        JdbcQueueConfig.builder(jdbcUrl).table(table).leaseDuration(LEASE).build();
    String where = jdbcUrl.replaceFirst("^jdbc:", "").replaceFirst("[?;].*$", "");
    return new SqlQueue(config, where + " (table " + table + ")");
  }

  @Override
  public Connector open() {
    return new JdbcQueueConnector(config);
  }

  @Override
  public void prepare() {
    new JdbcQueueConnector(config).close(); // creates the table (and the file) when missing
  }

  @Override
  public long pending() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT count(*) FROM " + config.table() + " WHERE status <> 'dead'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void clear() throws SQLException {
    execute("DELETE FROM " + config.table());
  }

  @Override
  public void delete() throws SQLException {
    execute("DROP TABLE IF EXISTS " + config.table());
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public String describe() {
    return description;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private Connection connect() throws SQLException {
    String url = Objects.requireNonNull(config.url(), "url");
    return DriverManager.getConnection(url);
  }
}
