package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Pass;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hand-written PostgreSQL queue: N threads, each with its own connection, loop on one database
 * transaction that claims up to B rows ({@code FOR UPDATE SKIP LOCKED}), processes them, deletes
 * them and commits, until the table is empty.
 */
final class SkipLockedPass implements Pass {
  private final String table = Postgres.freshTable();
  private final int threads;
  private final int batch;
  private final int expected;
  private final LongAdder done = new LongAdder();

  SkipLockedPass(int transactions, int threads, int batch) throws SQLException {
    this.threads = threads;
    this.batch = batch;
    this.expected = transactions;
    try (Connection c = Postgres.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE "
              + table
              + " (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
              + " id TEXT NOT NULL UNIQUE, payload TEXT NOT NULL)");
      c.setAutoCommit(false);
      try (PreparedStatement ins =
          c.prepareStatement("INSERT INTO " + table + " (id, payload) VALUES (?, ?)")) {
        for (int i = 0; i < transactions; i++) {
          ins.setString(1, "tx-" + i);
          ins.setString(2, Integer.toString(i)); // the JSON the SQL queue stores for the same data
          ins.addBatch();
          if (i % 1_000 == 999 || i == transactions - 1) {
            ins.executeBatch();
          }
        }
      }
      c.commit();
    }
  }

  @Override
  public void run() throws Exception {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> ts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      ts.add(Thread.ofPlatform().start(() -> worker(errors)));
    }
    for (Thread t : ts) {
      t.join();
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("a worker failed", errors.get(0));
    }
    if (done.sum() != expected) {
      throw new IllegalStateException("processed " + done.sum() + " of " + expected);
    }
  }

  private void worker(List<Throwable> errors) {
    try (Connection c = Postgres.connect();
        PreparedStatement claim =
            c.prepareStatement(
                "SELECT seq, id, payload FROM "
                    + table
                    + " ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED");
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM " + table + " WHERE seq = ANY(?)")) {
      c.setAutoCommit(false);
      while (claimProcessDelete(c, claim, delete) > 0) {
        // until a claim finds nothing
      }
    } catch (Throwable e) {
      errors.add(e);
    }
  }

  private int claimProcessDelete(Connection c, PreparedStatement claim, PreparedStatement delete)
      throws SQLException {
    claim.setInt(1, batch);
    List<Long> seqs = new ArrayList<>(batch);
    try (ResultSet rs = claim.executeQuery()) {
      while (rs.next()) {
        seqs.add(rs.getLong(1));
        NoopHooks.sink = rs.getString(3); // the no-op work
      }
    }
    if (!seqs.isEmpty()) {
      delete.setArray(1, c.createArrayOf("bigint", seqs.toArray()));
      delete.executeUpdate();
      done.add(seqs.size());
    }
    c.commit();
    return seqs.size();
  }

  @Override
  public void close() throws SQLException {
    Postgres.drop(table);
  }
}
