package dev.ergon.connector.jdbc.internal;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.jdbc.JdbcQueueConfig;
import dev.ergon.connector.jdbc.internal.QueueTable.Claim;
import dev.ergon.transaction.Transaction;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue behind {@code JdbcQueueConnector}: one owner id per instance, the rows it holds, the
 * heartbeat and the wake-up signal. Every operation runs under a read lock and {@link #close()}
 * under the write lock, so that closing waits for running claims and settlements and then releases
 * whatever this instance still holds. Thread-safe.
 */
public final class Queue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Queue.class);

  private final JdbcQueueConfig config;
  private final String owner =
      "pid-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
  private final Database db;
  private final QueueTable table;
  private final Leases leases;
  private final WorkSignal signal;
  private final Reachability reachability = new Reachability();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private volatile int concurrency;

  /**
   * Connects, creates the table when configured to, and starts the heartbeat.
   *
   * @param config the configuration
   * @throws dev.ergon.connector.jdbc.JdbcQueueException when the database cannot be reached or
   *     prepared
   */
  public Queue(JdbcQueueConfig config) {
    this.config = config;
    this.db = Database.open(config);
    try {
      this.table = new QueueTable(db, config.table());
      if (!table.prepare(config.createSchema())) {
        LOG.warn(
            "{}: the table has no last_error column, so dead rows will not say why (create_schema"
                + " is off; add it with: ALTER TABLE {} ADD COLUMN last_error TEXT)",
            db.where(),
            config.table());
      }
      this.signal = WorkSignal.of(table);
      if (!config.idleWait().isZero()) {
        signal.listen();
      }
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    this.leases = new Leases(table, owner, config.leaseDuration(), config.heartbeat());
  }

  /**
   * Claims up to {@code batchSize} available rows; when there are none, waits at most the idle wait
   * for a notification and tries once more.
   *
   * @param batchSize the most to return
   * @return the claimed transactions, oldest first
   * @throws SQLException when the database cannot be read
   */
  public List<Transaction> fetch(int batchSize) throws SQLException {
    int limit = Math.max(1, Math.min(batchSize, config.maxBatchSize()));
    List<Transaction> got = claim(limit);
    if (got.isEmpty() && signal.await(config.idleWait())) {
      got = claim(limit);
    }
    return got;
  }

  private List<Transaction> claim(int limit) throws SQLException {
    Lock read = open();
    try {
      List<Claim> claimed;
      try {
        claimed = table.claim(owner, leases.leaseMillis(), limit);
      } catch (SQLException e) {
        if (connectionLost(e)) {
          reachability.lost();
        }
        throw e;
      }
      reachability.reached();
      List<Transaction> out = new ArrayList<>(claimed.size());
      for (Claim c : claimed) {
        leases.hold(c.transaction().id(), c.attempts());
        out.add(c.transaction());
      }
      return out;
    } finally {
      read.unlock();
    }
  }

  /**
   * Claims one row by id (ready, delayed, dead, or with an expired lease).
   *
   * @param id the transaction id
   * @return the transaction, or empty when absent or leased by someone else
   * @throws SQLException when the database cannot be read
   */
  public Optional<Transaction> resolve(String id) throws SQLException {
    Lock read = open();
    try {
      Optional<Claim> c = table.resolve(owner, leases.leaseMillis(), id);
      c.ifPresent(claim -> leases.hold(id, claim.attempts()));
      return c.map(Claim::transaction);
    } finally {
      read.unlock();
    }
  }

  /** What a settlement does with a held row; false when the lease was no longer held. */
  private interface Settle {
    boolean apply(String id, int attempts) throws SQLException;
  }

  /**
   * Deletes a held row.
   *
   * @param tx a transaction this instance fetched
   * @throws ConnectionLostException when its lease was lost or the database is unreachable
   * @throws SQLException when the database fails otherwise
   */
  public void acknowledge(Transaction tx) throws SQLException {
    settle(tx, "acknowledge", (id, n) -> table.delete(id, owner, n));
  }

  /**
   * Puts a held row back (after the requeue delay) or marks it dead.
   *
   * @param tx a transaction this instance fetched
   * @param requeue true to redeliver, false to dead-letter
   * @throws ConnectionLostException when its lease was lost or the database is unreachable
   * @throws SQLException when the database fails otherwise
   */
  public void reject(Transaction tx, boolean requeue) throws SQLException {
    reject(tx, requeue, "rejected without requeue");
  }

  /**
   * Like {@link #reject(Transaction, boolean)}, writing {@code error} into the dead row's {@code
   * last_error} column.
   *
   * @param tx a transaction this instance fetched
   * @param requeue true to redeliver, false to dead-letter
   * @param error why it is dead-lettered
   * @throws ConnectionLostException when its lease was lost or the database is unreachable
   * @throws SQLException when the database fails otherwise
   */
  public void reject(Transaction tx, boolean requeue, String error) throws SQLException {
    long delay = config.requeueDelay().toMillis();
    if (requeue) {
      settle(tx, "requeue", (id, n) -> table.requeue(id, owner, n, delay));
    } else {
      settle(tx, "dead-letter", (id, n) -> table.deadLetter(id, owner, n, error));
    }
  }

  private void settle(Transaction tx, String operation, Settle settle) throws SQLException {
    Integer attempts = leases.release(tx.id());
    if (attempts == null && !closed && !leases.forgetLost(tx.id())) {
      throw new IllegalStateException(
          "cannot "
              + operation
              + " transaction '"
              + tx.id()
              + "': table "
              + config.table()
              + " has no lease on it held by this connector (never fetched here, or settled"
              + " already)");
    }
    if (attempts == null || closed) {
      throw lost(tx, operation, "this connector no longer holds its lease", null);
    }
    Reachability.Permit permit = reachability.permit();
    if (permit == Reachability.Permit.REFUSED) {
      throw lost(
          tx,
          operation,
          "the database has been unreachable for "
              + reachability.down().toMillis()
              + " ms (not retried before "
              + Reachability.PROBE_INTERVAL.toMillis()
              + " ms since the last try)",
          null);
    }
    Lock read = lock.readLock();
    read.lock();
    try {
      if (closed) {
        throw lost(tx, operation, "the connector was closed and released it", null);
      }
      boolean held = settle.apply(tx.id(), attempts);
      reachability.reached();
      if (!held) {
        throw lost(tx, operation, "its lease expired and it may have been claimed again", null);
      }
    } catch (SQLException e) {
      if (connectionLost(e)) {
        reachability.lost();
        throw lost(tx, operation, "the database is unreachable: " + e.getMessage(), e);
      }
      throw e;
    } finally {
      if (permit == Reachability.Permit.PROBE) {
        reachability.probed();
      }
      read.unlock();
    }
  }

  private ConnectionLostException lost(
      Transaction tx, String operation, String why, @Nullable Exception cause) {
    return new ConnectionLostException(
        "cannot "
            + operation
            + " transaction '"
            + tx.id()
            + "' in table "
            + config.table()
            + ": "
            + why
            + "; it will be delivered again",
        cause);
  }

  static boolean connectionLost(SQLException e) {
    String state = e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || (state != null && state.startsWith("08"));
  }

  /**
   * Inserts ready rows, skipping ids already queued, and wakes idle consumers.
   *
   * @param transactions the transactions
   * @throws SQLException when they cannot be written
   */
  public void dispatch(List<Transaction> transactions) throws SQLException {
    if (transactions.isEmpty()) {
      return;
    }
    Lock read = open();
    try {
      table.insert(transactions);
    } finally {
      read.unlock();
    }
  }

  /**
   * Counts waiting rows: ready ones (delayed ones too) and expired leases.
   *
   * @return the backlog
   * @throws SQLException when the database cannot be read
   */
  public long count() throws SQLException {
    Lock read = open();
    try {
      return table.count();
    } finally {
      read.unlock();
    }
  }

  /**
   * Reads the dead rows, oldest first.
   *
   * @return their transactions
   * @throws SQLException when the database cannot be read
   */
  public List<Transaction> deadLettered() throws SQLException {
    Lock read = open();
    try {
      return table.dead();
    } finally {
      read.unlock();
    }
  }

  /**
   * Records the engine's in-flight bound, reported in health details.
   *
   * @param value the bound
   */
  public void concurrency(int value) {
    this.concurrency = value;
  }

  /**
   * Health details: state, dialect, table, owner, leases, heartbeat, pool.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("state", closed ? "closed" : "open");
    h.put("dialect", db.dialect().name().toLowerCase(Locale.ROOT));
    h.put("table", config.table());
    h.put("owner", owner);
    h.put("concurrency", concurrency);
    h.put("database_unreachable_ms", reachability.down().toMillis());
    h.putAll(leases.stats());
    if (!closed) {
      h.putAll(db.poolStats());
    }
    return Collections.unmodifiableMap(h);
  }

  private Lock open() {
    Lock read = lock.readLock();
    read.lock();
    if (closed) {
      read.unlock();
      throw new IllegalStateException(db.where() + " is closed");
    }
    return read;
  }

  /** Stops the heartbeat, releases this instance's leases at once, closes the pool. Idempotent. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      leases.close();
      signal.close();
      try {
        int released = table.releaseAll(owner);
        LOG.debug("{}: released {} leases on close", db.where(), released);
      } catch (SQLException e) {
        LOG.warn("{}: could not release leases on close; they expire instead: {}", db.where(), e);
      }
      leases.clear();
      db.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
