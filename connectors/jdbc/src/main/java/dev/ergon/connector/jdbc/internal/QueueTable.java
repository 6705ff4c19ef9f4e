package dev.ergon.connector.jdbc.internal;

import dev.ergon.transaction.Transaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The queue's statements on one table, each in one database transaction: claim, settle, extend,
 * release, count, insert (concurrent acknowledgements share one: {@link GroupDelete}). Claims and
 * settlements are guarded by owner and attempt number, so that a lease that expired and was claimed
 * again elsewhere is never settled by its former holder. Thread-safe (each call borrows its own
 * pooled connection).
 */
public final class QueueTable {
  /** The longest reason written into {@code last_error}. */
  private static final int MAX_ERROR_CHARS = 4000;

  private final Database db;
  private final QueueSql sql;
  private final GroupDelete deletes;
  private final @Nullable String claimFrom;
  private final ClaimBound bound = new ClaimBound();
  private volatile boolean errorColumn;

  /**
   * Binds the statements of {@code table} to {@code db}.
   *
   * @param db the database
   * @param table the validated table name
   */
  public QueueTable(Database db, String table) {
    this.db = db;
    this.sql = new QueueSql(db.dialect(), table);
    this.deletes = new GroupDelete(db.pool(), sql.delete());
    this.claimFrom = sql.claimFrom();
  }

  /** One claimed row: the transaction and the attempt number that identifies this claim. */
  record Claim(long seq, Transaction transaction, int attempts) {}

  /**
   * Creates the table when missing (or checks it exists).
   *
   * @return whether the table has the {@code last_error} column
   */
  boolean prepare(boolean create) {
    errorColumn = db.prepare(sql, create);
    return errorColumn;
  }

  /**
   * Claims up to {@code limit} of the oldest available rows: from the bound {@link ClaimBound}
   * keeps where the dialect has one, and from the start for what that finds short of the limit.
   */
  List<Claim> claim(String owner, long leaseMillis, int limit) throws SQLException {
    long started = System.nanoTime();
    long floor = claimFrom == null ? -1 : bound.floor(started);
    List<Claim> got = new ArrayList<>();
    if (floor >= 0) {
      got.addAll(claimFrom(owner, leaseMillis, limit, floor));
    }
    boolean fromStart = got.size() < limit;
    if (fromStart) {
      got.addAll(claimFromStart(owner, leaseMillis, limit - got.size()));
      got.sort(Comparator.comparingLong(Claim::seq));
    }
    bound.claimed(got, limit, fromStart, started);
    return got;
  }

  private List<Claim> claimFromStart(String owner, long leaseMillis, int limit)
      throws SQLException {
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.claim())) {
      ps.setString(1, owner);
      ps.setLong(2, leaseMillis);
      for (int i = 0; i < sql.claimLimits(); i++) {
        ps.setInt(3 + i, limit);
      }
      return claims(ps);
    }
  }

  private List<Claim> claimFrom(String owner, long leaseMillis, int limit, long floor)
      throws SQLException {
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(claimFrom)) {
      ps.setString(1, owner);
      ps.setLong(2, leaseMillis);
      ps.setLong(3, floor);
      ps.setInt(4, limit);
      ps.setLong(5, ClaimBound.LEASE_WINDOW_MILLIS);
      ps.setInt(6, limit);
      ps.setInt(7, limit);
      return claims(ps);
    }
  }

  Optional<Claim> resolve(String owner, long leaseMillis, String id) throws SQLException {
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.resolve())) {
      ps.setString(1, owner);
      ps.setLong(2, leaseMillis);
      ps.setString(3, id);
      return claims(ps).stream().findFirst();
    }
  }

  private static List<Claim> claims(PreparedStatement ps) throws SQLException {
    List<Claim> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Claim(rs.getLong(1), RowCodec.read(rs, 2), rs.getInt(7)));
      }
    }
    out.sort(Comparator.comparingLong(Claim::seq));
    return out;
  }

  boolean delete(String id, String owner, int attempts) throws SQLException {
    return deletes.delete(id, owner, attempts);
  }

  boolean deadLetter(String id, String owner, int attempts, String error) throws SQLException {
    if (!errorColumn) {
      return held(sql.deadLetter(), -1, id, owner, attempts);
    }
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.deadLetterWithError())) {
      ps.setString(1, clip(error));
      ps.setString(2, id);
      ps.setString(3, owner);
      ps.setInt(4, attempts);
      return ps.executeUpdate() == 1;
    }
  }

  private static String clip(String text) {
    return text.length() <= MAX_ERROR_CHARS ? text : text.substring(0, MAX_ERROR_CHARS) + "…";
  }

  boolean requeue(String id, String owner, int attempts, long delayMillis) throws SQLException {
    boolean done = held(sql.requeue(), delayMillis, id, owner, attempts);
    if (done) {
      bound.restartWithin(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(delayMillis));
    }
    if (done && delayMillis == 0) {
      signal();
    }
    return done;
  }

  private boolean held(String statement, long millis, String id, String owner, int attempts)
      throws SQLException {
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      int i = 1;
      if (millis >= 0) {
        ps.setLong(i++, millis);
      }
      ps.setString(i++, id);
      ps.setString(i++, owner);
      ps.setInt(i, attempts);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Extends the leases of held rows.
   *
   * @return the ids whose lease was no longer this owner's
   */
  List<String> extend(String owner, long leaseMillis, List<Map.Entry<String, Integer>> held)
      throws SQLException {
    List<String> lost = new ArrayList<>();
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.extend())) {
      for (Map.Entry<String, Integer> e : held) {
        ps.setLong(1, leaseMillis);
        ps.setString(2, e.getKey());
        ps.setString(3, owner);
        ps.setInt(4, e.getValue());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          lost.add(held.get(i).getKey());
        }
      }
    }
    return lost;
  }

  int releaseAll(String owner) throws SQLException {
    int released;
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.releaseAll())) {
      ps.setString(1, owner);
      released = ps.executeUpdate();
    }
    if (released > 0) {
      bound.restartWithin(System.nanoTime(), 0);
      signal();
    }
    return released;
  }

  long count() throws SQLException {
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.count());
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The dead rows; with the column, each one's metadata holds its {@code jdbc.last_error}. */
  List<Transaction> dead() throws SQLException {
    List<Transaction> out = new ArrayList<>();
    try (Connection c = db.pool().getConnection();
        PreparedStatement ps = c.prepareStatement(errorColumn ? sql.deadWithErrors() : sql.dead());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Transaction tx = RowCodec.read(rs, 1);
        String error = errorColumn ? rs.getString(6) : null;
        if (error != null) {
          Map<String, String> metadata = new LinkedHashMap<>(tx.metadata());
          metadata.put(LAST_ERROR, error);
          tx = new Transaction(tx.id(), tx.payload(), metadata);
        }
        out.add(tx);
      }
    }
    return out;
  }

  /** The metadata key of a dead row's reason, in {@link #dead()}. */
  static final String LAST_ERROR = "jdbc.last_error";

  /** Inserts ready rows (skipping ids already queued) and wakes listeners, in one transaction. */
  void insert(List<Transaction> transactions) throws SQLException {
    try (Connection c = db.pool().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql.insert())) {
        int pending = 0;
        for (Transaction tx : transactions) {
          RowCodec.bind(ps, tx);
          ps.addBatch();
          if (++pending == 500) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
        notify(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** Wakes consumers waiting on this table (PostgreSQL; nothing elsewhere). */
  private void signal() throws SQLException {
    if (db.dialect() == Dialect.POSTGRESQL) {
      try (Connection c = db.pool().getConnection()) {
        notify(c);
      }
    }
  }

  private void notify(Connection c) throws SQLException {
    if (db.dialect() == Dialect.POSTGRESQL) {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
        ps.setString(1, sql.channel());
        ps.executeQuery().close();
      }
    }
  }

  /** The LISTEN/NOTIFY channel of this table. */
  String channel() {
    return sql.channel();
  }

  /** The database. */
  Database database() {
    return db;
  }
}
