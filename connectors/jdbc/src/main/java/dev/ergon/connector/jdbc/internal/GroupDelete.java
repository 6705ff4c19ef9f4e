package dev.ergon.connector.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Acknowledgements as a group commit: concurrent deletes of held rows are gathered and the first
 * caller to find no flush running writes all of them in one database transaction (one batch, one
 * commit), while the others wait for its result; a caller alone deletes in autocommit as before.
 * Each caller still returns only once its own row's delete is committed, and learns whether its
 * lease was still held (the statement is guarded by owner and attempt number). Rows are locked in
 * id order, as the heartbeat extends them; should the group's transaction still fail as a whole
 * (other than by a lost connection), each row is deleted on its own. Thread-safe; waits on a {@link
 * ReentrantLock}, so virtual threads do not pin their carrier.
 */
final class GroupDelete {
  private final DataSource pool;
  private final String statement;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flushed = lock.newCondition();
  private List<Request> waiting = new ArrayList<>();
  private boolean flushing;

  /** One row to delete, and what became of it. */
  private static final class Request {
    final String id;
    final String owner;
    final int attempts;
    boolean done;
    boolean deleted;
    @Nullable SQLException error;

    Request(String id, String owner, int attempts) {
      this.id = id;
      this.owner = owner;
      this.attempts = attempts;
    }
  }

  /**
   * Deletes through {@code pool} with {@code statement} (parameters: id, owner, attempts).
   *
   * @param pool the connections
   * @param statement the guarded delete
   */
  GroupDelete(DataSource pool, String statement) {
    this.pool = pool;
    this.statement = statement;
  }

  /**
   * Deletes a held row, together with whatever other deletes are waiting.
   *
   * @return false when the row was no longer held by {@code owner} at {@code attempts}
   * @throws SQLException when the group's transaction failed
   */
  boolean delete(String id, String owner, int attempts) throws SQLException {
    Request mine = new Request(id, owner, attempts);
    List<Request> group;
    lock.lock();
    try {
      waiting.add(mine);
      while (flushing && !mine.done) {
        flushed.awaitUninterruptibly(); // the row's fate is being decided: wait for it
      }
      if (mine.done) {
        return result(mine);
      }
      flushing = true;
      group = waiting;
      waiting = new ArrayList<>();
    } finally {
      lock.unlock();
    }
    try {
      write(group);
    } finally {
      lock.lock();
      try {
        for (Request r : group) {
          r.done = true;
        }
        flushing = false;
        flushed.signalAll();
      } finally {
        lock.unlock();
      }
    }
    return result(mine);
  }

  private static boolean result(Request r) throws SQLException {
    if (r.error != null) {
      throw r.error;
    }
    return r.deleted;
  }

  private void write(List<Request> group) {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      if (group.size() == 1) {
        one(ps, group.get(0));
        return;
      }
      // rows locked in id order, as the heartbeat extends them, so that the two never deadlock
      group.sort(Comparator.comparing((Request r) -> r.id));
      c.setAutoCommit(false);
      try {
        for (Request r : group) {
          bind(ps, r);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        c.commit();
        for (int i = 0; i < group.size(); i++) {
          group.get(i).deleted = counts[i] == 1;
        }
      } catch (SQLException e) {
        rollbackQuietly(c, e);
        if (Queue.connectionLost(e)) {
          throw e;
        }
        restoreAutoCommit(c);
        // the group's transaction failed as a whole (a deadlock or serialization victim, one bad
        // row): delete the rows one by one, so that each gets its own outcome
        for (Request r : group) {
          one(ps, r);
        }
        return;
      } finally {
        restoreAutoCommit(c);
      }
    } catch (SQLException e) {
      for (Request r : group) {
        r.error = e;
      }
    } catch (RuntimeException e) {
      for (Request r : group) {
        r.error = new SQLException("the group delete failed: " + e, e);
      }
    }
  }

  private static void one(PreparedStatement ps, Request r) {
    try {
      bind(ps, r);
      r.deleted = ps.executeUpdate() == 1;
    } catch (SQLException e) {
      r.error = e;
    }
  }

  private static void bind(PreparedStatement ps, Request r) throws SQLException {
    ps.setString(1, r.id);
    ps.setString(2, r.owner);
    ps.setInt(3, r.attempts);
  }

  private static void restoreAutoCommit(Connection c) {
    try {
      c.setAutoCommit(true);
    } catch (SQLException e) {
      // a broken connection: the pool evicts it; the group's own outcome is already decided
    }
  }

  private static void rollbackQuietly(Connection c, SQLException cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
