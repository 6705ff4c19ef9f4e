package dev.ergon.connector.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The two databases tests run on, each giving a builder for a table and a raw connection. */
enum Backend {
  POSTGRES,
  EMBEDDED;

  /** A fresh table name with {@code prefix}. */
  static String table(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  JdbcQueueConfig.Builder queue(Path dir, String table) {
    return this == POSTGRES ? Db.postgres(table) : Db.embedded(dir.resolve("queue.db"), table);
  }

  Connection connect(Path dir) throws SQLException {
    return this == POSTGRES ? Db.pg() : Db.sqlite(dir.resolve("queue.db"));
  }

  void execute(Path dir, String sql) throws SQLException {
    try (Connection c = connect(dir);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  long queryLong(Path dir, String sql) throws SQLException {
    return Db.queryLong(connect(dir), sql);
  }
}
