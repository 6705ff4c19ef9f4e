package dev.ergon.connector.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets an idle consumer wait, for a bounded time, until work may have arrived: on PostgreSQL a
 * dedicated connection outside the pool {@code LISTEN}s on the table's channel, which every insert,
 * requeue and release {@code NOTIFY}s. Elsewhere it never waits. A failure to listen only means no
 * wait: the connection is dropped and opened again next time. Thread-safe; one caller waits at a
 * time, others return at once.
 */
final class WorkSignal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkSignal.class);

  private final @Nullable Database db;
  private final String channel;
  private final ReentrantLock lock = new ReentrantLock();
  private @Nullable Connection connection;
  private boolean closed;

  private WorkSignal(@Nullable Database db, String channel) {
    this.db = db;
    this.channel = channel;
  }

  /** A signal for {@code table}: LISTEN on PostgreSQL, none elsewhere. */
  static WorkSignal of(QueueTable table) {
    Database db = table.database();
    return new WorkSignal(db.dialect() == Dialect.POSTGRESQL ? db : null, table.channel());
  }

  /** Starts listening now, so that work dispatched from here on wakes the next wait. */
  void listen() {
    if (db == null || !lock.tryLock()) {
      return;
    }
    try {
      connection();
    } catch (SQLException e) {
      drop(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a notification arrives or {@code max} passes.
   *
   * @return true when notified (work may be available)
   */
  boolean await(Duration max) {
    if (db == null || max.isZero() || !lock.tryLock()) {
      return false;
    }
    try {
      PGConnection pg = connection().unwrap(PGConnection.class);
      PGNotification[] got = pg.getNotifications((int) Math.max(1, max.toMillis()));
      return got != null && got.length > 0;
    } catch (SQLException e) {
      drop(e);
      return false;
    } finally {
      lock.unlock();
    }
  }

  private Connection connection() throws SQLException {
    Connection c = connection;
    if (c == null && !closed && db != null) {
      c = db.openDirect();
      try (Statement st = c.createStatement()) {
        st.execute("LISTEN \"" + channel + "\"");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    if (c == null) {
      throw new SQLException("the connector is closed");
    }
    return c;
  }

  private void drop(SQLException e) {
    LOG.debug("LISTEN {} failed; consumers poll until it works again: {}", channel, e.toString());
    closeConnection();
  }

  private void closeConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing the LISTEN connection failed: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      closeConnection();
    } finally {
      lock.unlock();
    }
  }
}
