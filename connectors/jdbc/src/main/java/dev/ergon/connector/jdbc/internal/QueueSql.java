package dev.ergon.connector.jdbc.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every statement the queue runs on one table, built once. Placeholders, in order, are named in
 * each accessor's documentation.
 *
 * @param dialect the database dialect
 * @param table the validated table name
 */
public record QueueSql(Dialect dialect, String table) {
  /** The columns a claim returns, in this order: seq, id, kind, text, bytes, metadata, attempts. */
  private static final String ROW = "id, payload_kind, payload_text, payload_bytes, metadata";

  private String now() {
    return dialect.now();
  }

  private String later() {
    return dialect.nowPlusMillis();
  }

  private String claimSet() {
    return "status = 'leased', lease_owner = ?, lease_deadline = "
        + later()
        + ", attempts = attempts + 1, updated_at = "
        + now();
  }

  private String returning() {
    return dialect.seq() + ", " + ROW + ", attempts";
  }

  /**
   * Claims the oldest available rows. Parameters: owner, lease millis, then the limit {@link
   * #claimLimits()} times.
   */
  String claim() {
    return dialect.claimOldest(
        table,
        claimSet(),
        "status = 'ready' AND available_at <= " + now(),
        "status = 'leased' AND lease_deadline < " + now(),
        dialect.seq(),
        returning());
  }

  /**
   * Claims the oldest available rows from a bound ({@link ClaimBound}): ready rows from a {@code
   * seq} on, leases that expired within a number of milliseconds; null when the dialect needs no
   * bounds. Parameters: owner, lease millis, the lowest seq, the limit, the lease window millis,
   * the limit, the limit.
   */
  @Nullable String claimFrom() {
    String ago = dialect.millisAgo();
    if (ago == null) {
      return null;
    }
    return dialect.claimOldest(
        table,
        claimSet(),
        "status = 'ready' AND available_at <= " + now() + " AND " + dialect.seq() + " >= ?",
        // both ends of the window evaluated once, so that they bound the lease index's scan
        "status = 'leased' AND lease_deadline < (SELECT "
            + now()
            + ") AND lease_deadline >= "
            + ago,
        dialect.seq(),
        returning());
  }

  /** How many parameters of {@link #claim()} after the lease millis are the limit. */
  int claimLimits() {
    return dialect.claimLimits();
  }

  /**
   * Claims one row by id, whether ready (even if delayed), dead, or leased with an expired lease.
   * Parameters: owner, lease millis, id.
   */
  String resolve() {
    String where =
        "id = ? AND (status IN ('ready', 'dead') OR (status = 'leased' AND lease_deadline < "
            + now()
            + "))";
    return dialect.claim(table, claimSet(), where, "", returning());
  }

  private String held() {
    return " WHERE id = ? AND lease_owner = ? AND attempts = ? AND status = 'leased'";
  }

  /** Deletes a row this owner holds. Parameters: id, owner, attempts. */
  String delete() {
    return "DELETE FROM " + table + held();
  }

  /**
   * Puts a held row back, available after a delay. Parameters: delay millis, id, owner, attempts.
   */
  String requeue() {
    return "UPDATE "
        + table
        + " SET status = 'ready', lease_owner = NULL, lease_deadline = NULL, available_at = "
        + later()
        + ", updated_at = "
        + now()
        + held();
  }

  /** Dead-letters a held row. Parameters: id, owner, attempts. */
  String deadLetter() {
    return "UPDATE "
        + table
        + " SET status = 'dead', lease_owner = NULL, lease_deadline = NULL, updated_at = "
        + now()
        + held();
  }

  /** Dead-letters a held row with the reason. Parameters: last error, id, owner, attempts. */
  String deadLetterWithError() {
    return "UPDATE "
        + table
        + " SET status = 'dead', last_error = ?, lease_owner = NULL, lease_deadline = NULL,"
        + " updated_at = "
        + now()
        + held();
  }

  /** Extends the lease of a held row. Parameters: lease millis, id, owner, attempts. */
  String extend() {
    return "UPDATE " + table + " SET lease_deadline = " + later() + held();
  }

  /** Releases every row an owner holds, available at once. Parameter: owner. */
  String releaseAll() {
    return "UPDATE "
        + table
        + " SET status = 'ready', lease_owner = NULL, lease_deadline = NULL, available_at = "
        + now()
        + ", updated_at = "
        + now()
        + " WHERE lease_owner = ? AND status = 'leased'";
  }

  /** Counts waiting rows: ready (delayed ones too) and expired leases. No parameters. */
  String count() {
    return "SELECT COUNT(*) FROM "
        + table
        + " WHERE status = 'ready' OR (status = 'leased' AND lease_deadline < "
        + now()
        + ")";
  }

  /** Reads dead rows, oldest first. No parameters. */
  String dead() {
    return "SELECT " + ROW + " FROM " + table + " WHERE status = 'dead' ORDER BY " + dialect.seq();
  }

  /** Reads dead rows with their last error (column 6), oldest first. No parameters. */
  String deadWithErrors() {
    return "SELECT "
        + ROW
        + ", last_error FROM "
        + table
        + " WHERE status = 'dead' ORDER BY "
        + dialect.seq();
  }

  /** Inserts a ready row unless its id is already queued. Parameters: the five row columns. */
  String insert() {
    return "INSERT INTO "
        + table
        + " ("
        + ROW
        + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";
  }

  /** Checks that the table exists. No parameters. */
  String probe() {
    return "SELECT id FROM " + table + " WHERE 1 = 0";
  }

  /** Checks that the table has the {@code last_error} column. No parameters. */
  String errorProbe() {
    return "SELECT last_error FROM " + table + " WHERE 1 = 0";
  }

  /** Adds the {@code last_error} column to a table made before it existed. */
  String addErrorColumn() {
    return dialect.addErrorColumn(table);
  }

  /** The statements that create the table and its indexes when missing. */
  List<String> schema() {
    return dialect.schema(table);
  }

  /** The LISTEN/NOTIFY channel of this table (PostgreSQL). */
  String channel() {
    return "ergon_queue_" + table;
  }
}
