package dev.ergon.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InMemoryConnectorFetchTest {

  private static List<Transaction> numbered(int count) {
    return IntStream.range(0, count).mapToObj(i -> Transaction.of("tx-" + i, i)).toList();
  }

  private static List<String> ids(List<Transaction> transactions) {
    return transactions.stream().map(Transaction::id).toList();
  }

  @Test
  void fetchNeverReturnsMoreThanAskedFor() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(numbered(10));

    assertThat(connector.fetchTransactions(1)).hasSize(1);
    assertThat(connector.fetchTransactions(3)).hasSize(3);
    assertThat(connector.fetchTransactions(100)).hasSize(6);
    assertThat(connector.fetchTransactions(5)).isEmpty();
    assertThat(connector.inFlight()).hasSize(10);
    assertThat(connector.ready()).isEmpty();
  }

  @Test
  void fetchHandsOutTransactionsInFirstInFirstOutOrderAcrossBatches() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(numbered(5));

    assertThat(ids(connector.fetchTransactions(2))).containsExactly("tx-0", "tx-1");
    assertThat(ids(connector.fetchTransactions(2))).containsExactly("tx-2", "tx-3");
    assertThat(ids(connector.fetchTransactions(2))).containsExactly("tx-4");
    assertThat(ids(connector.inFlight())).containsExactly("tx-0", "tx-1", "tx-2", "tx-3", "tx-4");
  }

  @Test
  void fetchRejectsABatchSizeBelowOneNamingTheValue() {
    InMemoryConnector connector = InMemoryConnector.of(numbered(1));

    assertThatThrownBy(() -> connector.fetchTransactions(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be >= 1 but was 0");
    assertThatThrownBy(() -> connector.fetchTransactions(-3)).hasMessageContaining("-3");
    assertThat(connector.ready()).hasSize(1);
  }

  @Test
  void fetchCallsAndTheLargestBatchSizeRequestedAreRecorded() throws Exception {
    InMemoryConnector connector = new InMemoryConnector();
    assertThat(connector.fetchCount()).isZero();
    assertThat(connector.maxFetchSizeRequested()).isZero();

    connector.fetchTransactions(4);
    connector.fetchTransactions(16);
    connector.fetchTransactions(2);

    assertThat(connector.fetchCount()).isEqualTo(3);
    assertThat(connector.maxFetchSizeRequested()).isEqualTo(16);
  }

  @Test
  void dispatchAppendsToTheReadyQueueSoOneConnectorIsBothSinkAndSource() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(Transaction.of("first", 0));

    connector.dispatchTransactions(List.of(Transaction.of("a", 1), Transaction.of("b", 2)));
    connector.dispatchTransactions(List.of(Transaction.of("c", 3)));

    assertThat(ids(connector.dispatched())).containsExactly("a", "b", "c");
    assertThat(ids(connector.fetchTransactions(10))).containsExactly("first", "a", "b", "c");
  }

  @Test
  void addAppendsWithoutRecordingADispatch() {
    InMemoryConnector connector = new InMemoryConnector().add(Transaction.of("a", 1));
    connector.add(Transaction.of("b", 2), Transaction.of("c", 3));

    assertThat(ids(connector.ready())).containsExactly("a", "b", "c");
    assertThat(connector.dispatched()).isEmpty();
  }

  @Test
  void countIsTheNumberOfReadyTransactions() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(numbered(5));
    assertThat(connector.countTransactions()).isEqualTo(5);

    connector.fetchTransactions(2);

    assertThat(connector.countTransactions()).isEqualTo(3);
  }

  @Test
  void healthReportsReadyAndInFlightCounts() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(numbered(5));
    connector.fetchTransactions(2);

    assertThat(connector.health())
        .containsEntry("ready", 3)
        .containsEntry("inFlight", 2)
        .containsEntry("closed", false);
  }

  @Test
  void theConcurrencyHintIsRecordedAndMustBePositive() {
    InMemoryConnector connector = new InMemoryConnector();
    assertThat(connector.lastConcurrencyHint()).isEmpty();

    connector.onConcurrency(8);

    assertThat(connector.lastConcurrencyHint()).hasValue(8);
    assertThatThrownBy(() -> connector.onConcurrency(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency must be >= 1 but was 0");
  }

  @Test
  void snapshotsAreImmutableAndDoNotFollowLaterChanges() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(numbered(2));
    List<Transaction> ready = connector.ready();

    connector.fetchTransactions(1);

    assertThat(ready).hasSize(2);
    assertThatThrownBy(() -> ready.add(Transaction.of("x", 0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
