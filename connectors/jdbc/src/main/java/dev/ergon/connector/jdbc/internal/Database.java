package dev.ergon.connector.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.ergon.connector.jdbc.JdbcQueueConfig;
import dev.ergon.connector.jdbc.JdbcQueueException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The queue's database: a HikariCP pool, its dialect, and a way to open a connection outside the
 * pool (for {@code LISTEN}). Opening it connects at once, so that a wrong URL, user or database
 * fails at start-up with a message naming the connector, the table and the URL (never the
 * password). Thread-safe.
 */
public final class Database implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final JdbcQueueConfig config;
  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String where;

  private Database(JdbcQueueConfig config, HikariDataSource pool, Dialect dialect, String where) {
    this.config = config;
    this.pool = pool;
    this.dialect = dialect;
    this.where = where;
  }

  /**
   * Connects to the configured database.
   *
   * @param config the queue configuration
   * @return the open database
   * @throws JdbcQueueException when it cannot connect or its database is not supported
   */
  public static Database open(JdbcQueueConfig config) {
    String where = describe(config);
    String url = config.url();
    Dialect dialect = url == null ? null : Dialect.fromUrl(url);
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("ergon-jdbc-" + config.table() + "-" + POOLS.incrementAndGet());
    hc.setMaximumPoolSize(config.maxPoolSize());
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(config.connectTimeout().toMillis());
    hc.setInitializationFailTimeout(1);
    DataSource given = config.dataSource();
    if (given != null) {
      hc.setDataSource(given);
    } else if (url != null) {
      hc.setJdbcUrl(url);
    }
    hc.setUsername(config.username());
    hc.setPassword(config.password());
    driverProperties(config, dialect).forEach(hc::addDataSourceProperty);
    if (dialect == Dialect.SQLITE && url != null) {
      createParentDirectory(url, where);
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new JdbcQueueException(where + ": cannot connect: " + rootMessage(e), e);
    }
    try {
      return new Database(config, pool, dialect != null ? dialect : detect(pool, where), where);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static Map<String, String> driverProperties(
      JdbcQueueConfig config, @Nullable Dialect dialect) {
    Map<String, String> props = new LinkedHashMap<>();
    if (dialect == Dialect.POSTGRESQL) {
      props.put("ApplicationName", "ergon-jdbc-queue");
      props.put("reWriteBatchedInserts", "true");
      props.put("connectTimeout", Long.toString(Math.max(1, config.connectTimeout().toSeconds())));
    } else if (dialect == Dialect.SQLITE) {
      props.put("journal_mode", "WAL");
      props.put(
          "busy_timeout", Long.toString(Math.max(30_000, config.connectTimeout().toMillis())));
    }
    return props;
  }

  private static Dialect detect(HikariDataSource pool, String where) {
    try (Connection c = pool.getConnection()) {
      String product = c.getMetaData().getDatabaseProductName();
      Dialect d = Dialect.fromProductName(product);
      if (d == null) {
        throw new JdbcQueueException(
            where + ": unsupported database '" + product + "'; supported: PostgreSQL, SQLite",
            null);
      }
      return d;
    } catch (SQLException e) {
      throw new JdbcQueueException(where + ": cannot connect: " + rootMessage(e), e);
    }
  }

  private static void createParentDirectory(String url, String where) {
    String file = url.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    file = query < 0 ? file : file.substring(0, query);
    if (file.isEmpty() || file.startsWith(":") || file.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new JdbcQueueException(where + ": cannot create directory " + parent, e);
    }
  }

  /**
   * Creates the table and its indexes when missing (adding the {@code last_error} column to a table
   * made before it existed), or checks that the table exists.
   *
   * @return whether the table has the {@code last_error} column
   */
  boolean prepare(QueueSql sql, boolean create) {
    try (Connection c = pool.getConnection();
        Statement st = c.createStatement()) {
      if (!create) {
        st.executeQuery(sql.probe()).close();
        return hasErrorColumn(st, sql);
      }
      c.setAutoCommit(false);
      if (dialect == Dialect.POSTGRESQL) {
        // Concurrent CREATE TABLE IF NOT EXISTS can collide in the catalog; serialize it.
        st.execute("SELECT pg_advisory_xact_lock(hashtext('" + sql.table() + "'))");
      }
      for (String ddl : sql.schema()) {
        st.execute(ddl);
      }
      if (dialect == Dialect.POSTGRESQL) {
        st.execute(sql.addErrorColumn()); // ADD COLUMN IF NOT EXISTS, under the same lock
      }
      c.commit();
      c.setAutoCommit(true);
      if (!hasErrorColumn(st, sql)) {
        addErrorColumn(st, sql);
      }
      return true;
    } catch (SQLException e) {
      String what = create ? "cannot create its table" : "its table does not exist (createSchema";
      throw new JdbcQueueException(
          where + ": " + what + (create ? "" : " is off)") + ": " + rootMessage(e), e);
    }
  }

  private static boolean hasErrorColumn(Statement st, QueueSql sql) {
    try {
      st.executeQuery(sql.errorProbe()).close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Adds the column (SQLite); another worker adding it at the same time is fine. */
  private static void addErrorColumn(Statement st, QueueSql sql) throws SQLException {
    try {
      st.execute(sql.addErrorColumn());
    } catch (SQLException e) {
      if (!hasErrorColumn(st, sql)) {
        throw e;
      }
    }
  }

  /** The pool. */
  DataSource pool() {
    return pool;
  }

  /**
   * The dialect.
   *
   * @return the database's dialect
   */
  public Dialect dialect() {
    return dialect;
  }

  /** Where this queue lives, for messages: connector, table, URL without password, user. */
  String where() {
    return where;
  }

  /** Opens a connection outside the pool, for a long-lived {@code LISTEN}. */
  Connection openDirect() throws SQLException {
    DataSource given = config.dataSource();
    String user = config.username();
    String password = config.password();
    if (given != null) {
      return user == null ? given.getConnection() : given.getConnection(user, password);
    }
    Properties props = new Properties();
    driverProperties(config, dialect).forEach(props::setProperty);
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(String.valueOf(config.url()), props);
  }

  /** Pool statistics for health details. */
  Map<String, Object> poolStats() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    if (bean == null) {
      return Map.of();
    }
    return Map.of(
        "pool.active", bean.getActiveConnections(),
        "pool.idle", bean.getIdleConnections(),
        "pool.total", bean.getTotalConnections(),
        "pool.waiting", bean.getThreadsAwaitingConnection());
  }

  @Override
  public void close() {
    pool.close();
  }

  private static String describe(JdbcQueueConfig c) {
    String url = c.url();
    String source =
        url != null
            ? Checks.redact(url)
            : "a DataSource of type " + Objects.requireNonNull(c.dataSource()).getClass().getName();
    String user = c.username() == null ? "" : " as user '" + c.username() + "'";
    return "SQL queue connector (table '" + c.table() + "') on " + source + user;
  }

  /** The innermost message of a failure chain, where drivers put the server's words. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
