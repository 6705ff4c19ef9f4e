package dev.ergon.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.Connector;
import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector conformance kit: the guarantees every connector gives, checked against its real
 * backend. A connector module subclasses it and says how to open a connector on a destination
 * (queue, table, subject); each test uses a fresh destination.
 *
 * <pre>{@code
 * class PostgresQueueContractTest extends ConnectorContractTest {
 *   @Override protected Connector open(String destination) {
 *     return new JdbcQueueConnector(JdbcQueueConfig.postgres(URL).table(destination));
 *   }
 *   @Override protected Capabilities capabilities() {
 *     return Capabilities.all().redeliveryWithin(Duration.ofSeconds(5));
 *   }
 * }
 * }</pre>
 *
 * <p>Two {@link #open(String)} calls on one destination are two consumers of the same source.
 */
public abstract class ConnectorContractTest {

  /**
   * What a connector supports, and how long its redeliveries may take.
   *
   * @param deadLetter whether {@code reject(tx, false)} dead-letters
   * @param count whether {@code countTransactions()} is supported
   * @param resolve whether {@code resolveTransaction(id)} is supported
   * @param redeliveryWithin how long a released or abandoned transaction may take to come back (for
   *     example a lease expiry)
   */
  protected record Capabilities(
      boolean deadLetter, boolean count, boolean resolve, Duration redeliveryWithin) {

    /**
     * Everything supported, redelivery within 5 seconds.
     *
     * @return the capabilities
     */
    public static Capabilities all() {
      return new Capabilities(true, true, true, Duration.ofSeconds(5));
    }

    /**
     * A copy without dead-lettering.
     *
     * @return the copy
     */
    public Capabilities withoutDeadLetter() {
      return new Capabilities(false, count, resolve, redeliveryWithin);
    }

    /**
     * A copy without counting.
     *
     * @return the copy
     */
    public Capabilities withoutCount() {
      return new Capabilities(deadLetter, false, resolve, redeliveryWithin);
    }

    /**
     * A copy without resolve-by-id.
     *
     * @return the copy
     */
    public Capabilities withoutResolve() {
      return new Capabilities(deadLetter, count, false, redeliveryWithin);
    }

    /**
     * A copy with another redelivery bound.
     *
     * @param bound how long redelivery may take
     * @return the copy
     */
    public Capabilities redeliveryWithin(Duration bound) {
      return new Capabilities(deadLetter, count, resolve, bound);
    }
  }

  private final List<Connector> opened = new CopyOnWriteArrayList<>();
  private String destination = "";

  /** For subclasses. */
  protected ConnectorContractTest() {}

  /**
   * Opens a new connector (a new consumer) on {@code destination}, creating it when needed.
   *
   * @param destination a queue, table or subject name unique to the running test
   * @return an open connector
   * @throws Exception when it cannot be opened
   */
  protected abstract Connector open(String destination) throws Exception;

  /**
   * What the connector supports.
   *
   * @return its capabilities
   */
  protected abstract Capabilities capabilities();

  /**
   * The transactions dead-lettered from {@code destination}, read from the backend, for connectors
   * whose capabilities include dead-lettering.
   *
   * @param destination the destination
   * @return their ids
   * @throws Exception when the backend cannot be read
   */
  protected List<String> deadLetteredIds(String destination) throws Exception {
    throw new UnsupportedOperationException(
        getClass().getName() + " declares dead-lettering but does not override deadLetteredIds");
  }

  /**
   * Removes {@code destination} after a test. Default: nothing.
   *
   * @param destination the destination
   * @throws Exception when it cannot be removed
   */
  protected void drop(String destination) throws Exception {}

  @BeforeEach
  final void newDestination() {
    destination = "ergon_ct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @AfterEach
  final void closeEverything() throws Exception {
    for (Connector c : opened) {
      c.close();
    }
    drop(destination);
  }

  /**
   * Opens a consumer on this test's destination; it is closed after the test.
   *
   * @return the connector
   * @throws Exception when it cannot be opened
   */
  protected final Connector consumer() throws Exception {
    Connector c = open(destination);
    opened.add(c);
    return c;
  }

  /**
   * This test's destination.
   *
   * @return its name
   */
  protected final String destination() {
    return destination;
  }

  private static List<Transaction> transactions(int n) {
    return IntStream.range(0, n)
        .mapToObj(
            i ->
                new Transaction(
                    "ct-" + i + "-" + UUID.randomUUID(),
                    Map.of("n", i, "name", "item " + i),
                    Map.of("kind", "contract")))
        .toList();
  }

  /** Fetches until {@code n} transactions arrived (or the redelivery bound passes). */
  private List<Transaction> fetchAtLeast(Connector c, int n) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(capabilities().redeliveryWithin().plusSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(Math.max(1, n - got.size())));
              return got.size() >= n;
            });
    return got;
  }

  private static Set<String> ids(List<Transaction> txs) {
    Set<String> ids = new HashSet<>();
    txs.forEach(t -> ids.add(t.id()));
    return ids;
  }

  @Test
  void fetchNeverReturnsMoreThanAsked() throws Exception {
    Connector c = consumer();
    c.dispatchTransactions(transactions(10));
    List<Transaction> all = new ArrayList<>();
    for (int size : new int[] {3, 1, 4}) {
      List<Transaction> batch = fetchAtLeast(c, 1);
      assertThat(batch).hasSizeLessThanOrEqualTo(1);
      all.addAll(batch);
      List<Transaction> more = c.fetchTransactions(size);
      assertThat(more).hasSizeLessThanOrEqualTo(size);
      all.addAll(more);
    }
    for (Transaction tx : all) {
      c.acknowledge(tx);
    }
  }

  @Test
  void dispatchedTransactionsArriveWithIdPayloadAndMetadataIntact() throws Exception {
    Connector c = consumer();
    Transaction sent =
        new Transaction(
            "ct-intact-" + UUID.randomUUID(),
            Map.of("orderId", 7, "customer", "Zoë", "lines", List.of(1, 2)),
            Map.of(
                "traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "source",
                "contract"));
    c.dispatchTransactions(List.of(sent));

    Transaction got = fetchAtLeast(c, 1).get(0);

    assertThat(got.id()).isEqualTo(sent.id());
    Object payload = got.payload(Map.class);
    assertThat(payload).isEqualTo(sent.payload());
    assertThat(got.metadata()).containsAllEntriesOf(sent.metadata());
    c.acknowledge(got);
  }

  @Test
  void anAcknowledgedTransactionIsGoneForGood() throws Exception {
    Connector first = consumer();
    List<Transaction> sent = transactions(2);
    first.dispatchTransactions(sent);
    List<Transaction> got = fetchAtLeast(first, 2);
    first.acknowledge(got.get(0));
    first.reject(got.get(1), true);
    first.close();

    Connector second = consumer();
    List<Transaction> again = fetchAtLeast(second, 1);
    assertThat(ids(again)).containsExactly(got.get(1).id());
    second.acknowledge(again.get(0));
    assertNothingArrivesFor(second, Duration.ofMillis(500));
  }

  /** Asserts that polling {@code c} for {@code window} yields nothing. */
  private static void assertNothingArrivesFor(Connector c, Duration window) {
    List<Transaction> got = new CopyOnWriteArrayList<>();
    await()
        .pollInterval(Duration.ofMillis(25))
        .during(window)
        .atMost(window.plusSeconds(5))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(10));
              return got.isEmpty();
            });
  }

  @Test
  void aRejectedTransactionWithRequeueIsDeliveredAgain() throws Exception {
    Connector c = consumer();
    Transaction sent = transactions(1).get(0);
    c.dispatchTransactions(List.of(sent));
    Transaction got = fetchAtLeast(c, 1).get(0);

    c.reject(got, true);

    Transaction again = fetchAtLeast(c, 1).get(0);
    assertThat(again.id()).isEqualTo(sent.id());
    c.acknowledge(again);
  }

  @Test
  void aRejectedTransactionWithoutRequeueIsDeadLetteredWhereSupported() throws Exception {
    Connector c = consumer();
    assertThat(c.supportsDeadLetter()).isEqualTo(capabilities().deadLetter());
    Transaction sent = transactions(1).get(0);
    c.dispatchTransactions(List.of(sent));
    Transaction got = fetchAtLeast(c, 1).get(0);

    c.reject(got, false);

    if (capabilities().deadLetter()) {
      await()
          .atMost(capabilities().redeliveryWithin().plusSeconds(5))
          .until(() -> deadLetteredIds(destination).contains(sent.id()));
      assertNothingArrivesFor(c, Duration.ofMillis(500));
    } else {
      Transaction again = fetchAtLeast(c, 1).get(0);
      assertThat(again.id()).isEqualTo(sent.id());
      c.acknowledge(again);
    }
  }

  @Test
  void aTransactionFetchedButNeverSettledIsDeliveredAgainAfterItsConsumerCloses() throws Exception {
    Connector first = consumer();
    List<Transaction> sent = transactions(3);
    first.dispatchTransactions(sent);
    List<Transaction> got = fetchAtLeast(first, 3);
    first.close();

    Connector second = consumer();
    List<Transaction> again = fetchAtLeast(second, 3);
    assertThat(ids(again)).isEqualTo(ids(got));
    for (Transaction tx : again) {
      second.acknowledge(tx);
    }
  }

  @Test
  void twoConsumersNeverHoldTheSameTransactionAtOnce() throws Exception {
    Connector a = consumer();
    Connector b = consumer();
    List<Transaction> sent = transactions(60);
    a.dispatchTransactions(sent);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Thread other =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    drainInto(b, seen, 60);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    drainInto(a, seen, 60);
    other.join(Duration.ofSeconds(60));

    assertThat(seen).doesNotHaveDuplicates().hasSize(60);
  }

  private void drainInto(Connector c, List<String> seen, int total) throws Exception {
    long end = System.nanoTime() + capabilities().redeliveryWithin().plusSeconds(20).toNanos();
    while (seen.size() < total && System.nanoTime() < end) {
      for (Transaction tx : c.fetchTransactions(5)) {
        seen.add(tx.id());
        c.acknowledge(tx);
      }
    }
  }

  @Test
  void countAndResolveByIdWorkWhereDeclaredAndSaySoClearlyWhereNot() throws Exception {
    Connector c = consumer();
    List<Transaction> sent = transactions(4);
    c.dispatchTransactions(sent);
    if (capabilities().count()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> c.countTransactions() == 4);
    } else {
      assertThatThrownBy(c::countTransactions)
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("countTransactions");
    }
    if (capabilities().resolve()) {
      Optional<Transaction> found = c.resolveTransaction(sent.get(2).id());
      assertThat(found).map(Transaction::id).contains(sent.get(2).id());
      c.acknowledge(found.orElseThrow());
      assertThat(c.resolveTransaction("no-such-id-" + UUID.randomUUID())).isEmpty();
    } else {
      assertThatThrownBy(() -> c.resolveTransaction(sent.get(2).id()))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("resolveTransaction");
    }
  }

  @Test
  void closeIsIdempotent() throws Exception {
    Connector c = consumer();
    c.close();
    c.close();
  }
}
