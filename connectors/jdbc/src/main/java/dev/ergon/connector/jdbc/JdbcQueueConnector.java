package dev.ergon.connector.jdbc;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.jdbc.internal.Queue;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A transaction queue in a database table, with real leases: each fetch claims rows for this
 * instance for a lease duration, in one database transaction, so that two consumers never hold the
 * same row, and a row whose consumer died comes back when its lease expires.
 *
 * <ul>
 *   <li><b>Fetch</b> claims up to the asked number of available rows (ready, or leased with an
 *       expired lease), oldest first, with {@code SELECT … FOR UPDATE SKIP LOCKED} on PostgreSQL
 *       and one atomic {@code UPDATE … RETURNING} on SQLite, marking them leased by this instance
 *       with a new deadline and one more attempt. It returns what it found without waiting to fill
 *       the batch. On PostgreSQL a fetch that finds nothing waits up to {@link
 *       JdbcQueueConfig#idleWait()} on {@code LISTEN} and tries once more when notified; otherwise
 *       it returns empty at once and the engine's empty-queue backoff applies.
 *   <li><b>Leases</b> are extended every third of the lease duration by one background thread while
 *       the engine holds the rows, so a long transaction keeps its row.
 *   <li><b>Acknowledge</b> deletes the row; <b>reject</b> with requeue makes it ready again (after
 *       {@link JdbcQueueConfig#requeueDelay()}), without requeue marks it dead ({@link
 *       #deadLettered()}). Settlement applies only to the claim this instance made: when the lease
 *       was lost (it expired and the row was claimed again) it throws {@link
 *       ConnectionLostException}, so the engine records a redelivery and nothing is settled twice.
 *   <li><b>Dispatch</b> inserts ready rows in one database transaction; an id already in the table
 *       is skipped, so dispatching the same transaction twice queues it once.
 *   <li><b>Close</b> stops the heartbeat, makes the rows this instance still holds ready at once
 *       and closes the pool.
 * </ul>
 *
 * <p>Payloads: a {@code String} or {@code byte[]} is stored and returned as it is; anything else is
 * stored as JSON and returned as maps, lists and numbers, which {@link Transaction#payload(Class)}
 * converts. A row whose JSON payload does not parse is delivered with its raw text. The table and
 * its DDL are described in the module's README.
 *
 * <pre>{@code
 * JdbcQueueConfig config = JdbcQueueConfig.builder("jdbc:postgresql://127.0.0.1:5432/app")
 *     .username("app").password(secret).table("orders").build();
 * try (JdbcQueueConnector queue = new JdbcQueueConnector(config)) {
 *   queue.dispatchTransactions(List.of(Transaction.of(Map.of("orderId", 7))));
 *   for (Transaction tx : queue.fetchTransactions(10)) {
 *     handle(tx.payload(Order.class));
 *     queue.acknowledge(tx);
 *   }
 * }
 * // or, in a task configuration:
 * TaskConfig.builder("orders").connector("input", () -> new JdbcQueueConnector(config));
 * }</pre>
 *
 * <p>Thread-safe: fetch, settlement and dispatch may run on different threads at once.
 */
public final class JdbcQueueConnector implements Connector {
  private final Queue queue;

  /**
   * Connects, creates the table when configured to, and starts the lease heartbeat.
   *
   * @param config the configuration
   * @throws JdbcQueueException when the database cannot be reached or the table prepared; the
   *     message names the connector, the table and the URL
   */
  public JdbcQueueConnector(JdbcQueueConfig config) {
    this.queue = new Queue(config);
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    return queue.fetch(batchSize);
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws Exception {
    queue.dispatch(transactions);
  }

  /** Counts ready rows (delayed ones included) and rows whose lease expired. */
  @Override
  public long countTransactions() throws Exception {
    return queue.count();
  }

  /**
   * Claims the row with this id as a fetch would, so that the engine can settle it: when it is
   * ready (even if delayed), dead (to replay a dead letter), or leased with an expired lease. Empty
   * when there is no such row or another consumer holds it.
   */
  @Override
  public Optional<Transaction> resolveTransaction(String id) throws Exception {
    return queue.resolve(id);
  }

  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    queue.acknowledge(transaction);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    queue.reject(transaction, requeue);
  }

  /**
   * Like {@link #reject(Transaction, boolean)}; a dead row's {@code last_error} column holds the
   * engine's reason: {@code "<CATEGORY>: <message> (attempts N[; exception handler failed:
   * <error>])"}. {@link #deadLettered()} returns it as metadata {@code jdbc.last_error}.
   */
  @Override
  public void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws Exception {
    StringBuilder why =
        new StringBuilder()
            .append(rejection.category())
            .append(": ")
            .append(rejection.message())
            .append(" (attempts ")
            .append(rejection.attempts());
    rejection.handlerFailure().ifPresent(h -> why.append("; exception handler failed: ").append(h));
    queue.reject(transaction, requeue, why.append(')').toString());
  }

  /** True: {@code reject(tx, false)} marks the row dead. */
  @Override
  public boolean supportsDeadLetter() {
    return true;
  }

  @Override
  public void onConcurrency(int concurrency) {
    queue.concurrency(concurrency);
  }

  /**
   * State, dialect, table, this instance's lease owner id, leases held and lost, heartbeat, and
   * pool connections (active, idle, total, waiting).
   */
  @Override
  public Map<String, Object> health() {
    return queue.health();
  }

  /**
   * The dead rows of this table, oldest first, for operators and tests.
   *
   * @return their transactions
   * @throws Exception when the table cannot be read
   */
  public List<Transaction> deadLettered() throws Exception {
    return queue.deadLettered();
  }

  /** Stops the heartbeat, releases this instance's leases at once, closes the pool. Idempotent. */
  @Override
  public void close() {
    queue.close();
  }
}
