package dev.ergon.connector.jdbc;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.jdbc.internal.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link JdbcQueueConnector} reaches its database and runs its queue table. The database is
 * PostgreSQL ({@code jdbc:postgresql:} URLs) or the embedded, file-backed SQLite ({@code
 * jdbc:sqlite:} URLs, see {@link #embedded(Path)}); it is told from the URL, or from the
 * connection's metadata when a {@link DataSource} is given.
 *
 * <pre>{@code
 * JdbcQueueConfig pg = JdbcQueueConfig.builder("jdbc:postgresql://127.0.0.1:5432/app")
 *     .username("app").password(secret).table("orders")
 *     .leaseDuration(Duration.ofMinutes(2))
 *     .build();
 * JdbcQueueConfig local = JdbcQueueConfig.embedded(Path.of("ergon-data/queue.db")).table("orders").build();
 * }</pre>
 *
 * @param url the JDBC URL, or null when {@code dataSource} is given
 * @param dataSource a data source to draw connections from (wrapped in the connector's pool), or
 *     null when {@code url} is given
 * @param username the database user, or null for the driver's default
 * @param password the password, or null; never printed by {@link #toString()} or in errors
 * @param table the queue table, a lowercase SQL identifier of at most 48 characters (default
 *     {@value #DEFAULT_TABLE})
 * @param leaseDuration how long a claim holds a row before it becomes available again, at least 100
 *     ms (default 30 s)
 * @param heartbeat whether rows being processed have their leases extended every third of {@code
 *     leaseDuration} (default true)
 * @param maxBatchSize the most rows one fetch claims, whatever the engine asks (default {@value
 *     #DEFAULT_MAX_BATCH_SIZE})
 * @param requeueDelay how long a row rejected with requeue waits before it is available again
 *     (default 0)
 * @param maxPoolSize the connection pool's size (default {@value #DEFAULT_MAX_POOL_SIZE})
 * @param connectTimeout how long connecting or borrowing a connection may take, at least 250 ms
 *     (default 10 s)
 * @param createSchema whether the table and its indexes are created when missing (default true);
 *     when false the table must exist
 * @param idleWait on PostgreSQL, how long a fetch that found nothing waits on {@code LISTEN} for
 *     new work before it returns empty; 0 to return at once; at most 10 s (default 500 ms)
 */
public record JdbcQueueConfig(
    @Nullable String url,
    @Nullable DataSource dataSource,
    @Nullable String username,
    @Nullable String password,
    String table,
    Duration leaseDuration,
    boolean heartbeat,
    int maxBatchSize,
    Duration requeueDelay,
    int maxPoolSize,
    Duration connectTimeout,
    boolean createSchema,
    Duration idleWait) {

  /** The default table name. */
  public static final String DEFAULT_TABLE = "ergon_queue";

  /** The default lease duration. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /** The default bound on rows claimed by one fetch. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 100;

  /** The default pool size. */
  public static final int DEFAULT_MAX_POOL_SIZE = 4;

  /** The default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The default idle wait on PostgreSQL. */
  public static final Duration DEFAULT_IDLE_WAIT = Duration.ofMillis(500);

  /** The default embedded database file, relative to the working directory. */
  public static final Path DEFAULT_EMBEDDED_FILE = Path.of("ergon-data", "queue.db");

  private static final Duration MIN_LEASE = Duration.ofMillis(100);
  private static final Duration MIN_CONNECT = Duration.ofMillis(250);
  private static final Duration MAX_IDLE_WAIT = Duration.ofSeconds(10);

  /** Validates every field; each error names the field and the value. */
  public JdbcQueueConfig {
    if (url == null && dataSource == null) {
      throw new ConfigurationException("url or dataSource must be set");
    }
    if (url != null && dataSource != null) {
      throw new ConfigurationException("url and dataSource are both set; give one");
    }
    if (url != null) {
      Checks.url(url);
    }
    Checks.table(table);
    Checks.atLeast("leaseDuration", leaseDuration, MIN_LEASE);
    Checks.atLeast("maxBatchSize", maxBatchSize, 1);
    Checks.atLeast("requeueDelay", requeueDelay, Duration.ZERO);
    Checks.atLeast("maxPoolSize", maxPoolSize, 1);
    Checks.atLeast("connectTimeout", connectTimeout, MIN_CONNECT);
    Checks.between("idleWait", idleWait, Duration.ZERO, MAX_IDLE_WAIT);
  }

  /**
   * A builder for the database at {@code url}, with every other field at its default.
   *
   * @param url a {@code jdbc:postgresql:} or {@code jdbc:sqlite:} URL
   * @return a new builder
   */
  public static Builder builder(String url) {
    return new Builder(Checks.url(url), null);
  }

  /**
   * A builder for connections from {@code dataSource} (PostgreSQL or SQLite), with every other
   * field at its default.
   *
   * @param dataSource the data source
   * @return a new builder
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(null, Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * A builder for the embedded, file-backed queue (SQLite) in {@code file}; its directory is
   * created on first use.
   *
   * @param file the database file, e.g. {@code ergon-data/queue.db}
   * @return a new builder
   */
  public static Builder embedded(Path file) {
    return builder("jdbc:sqlite:" + Objects.requireNonNull(file, "file"));
  }

  /**
   * A builder for the embedded queue in {@link #DEFAULT_EMBEDDED_FILE}.
   *
   * @return a new builder
   */
  public static Builder embedded() {
    return embedded(DEFAULT_EMBEDDED_FILE);
  }

  /**
   * A builder starting from this configuration's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(url, dataSource);
    b.username = username;
    b.password = password;
    return b.table(table)
        .leaseDuration(leaseDuration)
        .heartbeat(heartbeat)
        .maxBatchSize(maxBatchSize)
        .requeueDelay(requeueDelay)
        .maxPoolSize(maxPoolSize)
        .connectTimeout(connectTimeout)
        .createSchema(createSchema)
        .idleWait(idleWait);
  }

  /** Like the generated one, with the password masked. */
  @Override
  public String toString() {
    return "JdbcQueueConfig[url="
        + (url == null ? null : Checks.redact(url))
        + ", dataSource="
        + (dataSource == null ? null : dataSource.getClass().getName())
        + ", username="
        + username
        + ", password="
        + (password == null ? null : "***")
        + ", table="
        + table
        + ", leaseDuration="
        + leaseDuration
        + ", heartbeat="
        + heartbeat
        + ", maxBatchSize="
        + maxBatchSize
        + ", requeueDelay="
        + requeueDelay
        + ", maxPoolSize="
        + maxPoolSize
        + ", connectTimeout="
        + connectTimeout
        + ", createSchema="
        + createSchema
        + ", idleWait="
        + idleWait
        + "]";
  }

  /**
   * Builds a {@link JdbcQueueConfig}; each setter checks its value at once, naming the field. Not
   * thread-safe.
   */
  public static final class Builder {
    private final @Nullable String url;
    private final @Nullable DataSource dataSource;
    private @Nullable String username;
    private @Nullable String password;
    private String table = DEFAULT_TABLE;
    private Duration leaseDuration = DEFAULT_LEASE;
    private boolean heartbeat = true;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private Duration requeueDelay = Duration.ZERO;
    private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private boolean createSchema = true;
    private Duration idleWait = DEFAULT_IDLE_WAIT;

    private Builder(@Nullable String url, @Nullable DataSource dataSource) {
      this.url = url;
      this.dataSource = dataSource;
    }

    /**
     * Sets {@code username}.
     *
     * @param value the database user
     * @return this builder
     */
    public Builder username(String value) {
      this.username = Objects.requireNonNull(value, "username");
      return this;
    }

    /**
     * Sets {@code password}.
     *
     * @param value the password
     * @return this builder
     */
    public Builder password(String value) {
      this.password = Objects.requireNonNull(value, "password");
      return this;
    }

    /**
     * Sets {@code table}.
     *
     * @param value a lowercase SQL identifier of at most 48 characters
     * @return this builder
     */
    public Builder table(String value) {
      this.table = Checks.table(value);
      return this;
    }

    /**
     * Sets {@code leaseDuration}.
     *
     * @param value at least 100 ms
     * @return this builder
     */
    public Builder leaseDuration(Duration value) {
      this.leaseDuration = Checks.atLeast("leaseDuration", value, MIN_LEASE);
      return this;
    }

    /**
     * Sets {@code heartbeat}.
     *
     * @param value whether held leases are extended while processed
     * @return this builder
     */
    public Builder heartbeat(boolean value) {
      this.heartbeat = value;
      return this;
    }

    /**
     * Sets {@code maxBatchSize}.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxBatchSize(int value) {
      this.maxBatchSize = Checks.atLeast("maxBatchSize", value, 1);
      return this;
    }

    /**
     * Sets {@code requeueDelay}.
     *
     * @param value at least 0
     * @return this builder
     */
    public Builder requeueDelay(Duration value) {
      this.requeueDelay = Checks.atLeast("requeueDelay", value, Duration.ZERO);
      return this;
    }

    /**
     * Sets {@code maxPoolSize}.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxPoolSize(int value) {
      this.maxPoolSize = Checks.atLeast("maxPoolSize", value, 1);
      return this;
    }

    /**
     * Sets {@code connectTimeout}.
     *
     * @param value at least 250 ms
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = Checks.atLeast("connectTimeout", value, MIN_CONNECT);
      return this;
    }

    /**
     * Sets {@code createSchema}.
     *
     * @param value whether the table is created when missing
     * @return this builder
     */
    public Builder createSchema(boolean value) {
      this.createSchema = value;
      return this;
    }

    /**
     * Sets {@code idleWait}.
     *
     * @param value between 0 (no wait) and 10 s
     * @return this builder
     */
    public Builder idleWait(Duration value) {
      this.idleWait = Checks.between("idleWait", value, Duration.ZERO, MAX_IDLE_WAIT);
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     */
    public JdbcQueueConfig build() {
      return new JdbcQueueConfig(
          url,
          dataSource,
          username,
          password,
          table,
          leaseDuration,
          heartbeat,
          maxBatchSize,
          requeueDelay,
          maxPoolSize,
          connectTimeout,
          createSchema,
          idleWait);
    }
  }
}
