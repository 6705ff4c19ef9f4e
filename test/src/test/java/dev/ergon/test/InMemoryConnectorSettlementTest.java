package dev.ergon.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import org.junit.jupiter.api.Test;

class InMemoryConnectorSettlementTest {
  private final Transaction a = Transaction.of("a", 1);
  private final Transaction b = Transaction.of("b", 2);
  private final Transaction c = Transaction.of("c", 3);

  @Test
  void acknowledgeRemovesTheTransactionForGood() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b);
    connector.fetchTransactions(2);

    connector.acknowledge(a);

    assertThat(connector.acknowledged()).containsExactly(a);
    assertThat(connector.inFlight()).containsExactly(b);
    assertThat(connector.ready()).isEmpty();
    connector.close();
    assertThat(connector.ready()).containsExactly(b);
  }

  @Test
  void rejectWithRequeueRedeliversAtTheEndOfTheReadyQueueAndCountsDeliveries() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b, c);
    connector.fetchTransactions(1);
    assertThat(connector.deliveryCount("a")).isEqualTo(1);

    connector.reject(a, true);

    assertThat(connector.released()).containsExactly(a);
    assertThat(connector.ready()).containsExactly(b, c, a);
    assertThat(connector.fetchTransactions(3)).containsExactly(b, c, a);
    assertThat(connector.deliveryCount("a")).isEqualTo(2);
    assertThat(connector.deliveryCount("b")).isEqualTo(1);
    assertThat(connector.deliveryCount("never-seen")).isZero();
  }

  @Test
  void rejectWithoutRequeueDeadLetters() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b);
    connector.fetchTransactions(2);

    connector.reject(a, false);

    assertThat(connector.supportsDeadLetter()).isTrue();
    assertThat(connector.deadLettered()).containsExactly(a);
    assertThat(connector.ready()).isEmpty();
    assertThat(connector.inFlight()).containsExactly(b);
  }

  @Test
  void withoutDeadLetterRejectWithoutRequeueReleasesForRedelivery() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a).withoutDeadLetter();
    connector.fetchTransactions(1);

    connector.reject(a, false);

    assertThat(connector.supportsDeadLetter()).isFalse();
    assertThat(connector.deadLettered()).isEmpty();
    assertThat(connector.released()).containsExactly(a);
    assertThat(connector.ready()).containsExactly(a);
    assertThat(connector.settlementLog()).containsExactly(Settlement.released("a"));
  }

  @Test
  void acknowledgingTwiceThrowsNamingTheTransactionAndWhatBecameOfIt() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a);
    connector.fetchTransactions(1);
    connector.acknowledge(a);

    assertThatThrownBy(() -> connector.acknowledge(a))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transaction 'a' is not in flight (already acknowledged)");
    assertThatThrownBy(() -> connector.reject(a, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transaction 'a' is not in flight (already acknowledged)");
    assertThat(connector.acknowledged()).containsExactly(a);
  }

  @Test
  void settlingADeadLetteredOrReleasedTransactionAgainThrows() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b);
    connector.fetchTransactions(2);
    connector.reject(a, false);
    connector.reject(b, true);

    assertThatThrownBy(() -> connector.acknowledge(a))
        .hasMessage("transaction 'a' is not in flight (already dead-lettered)");
    assertThatThrownBy(() -> connector.acknowledge(b))
        .hasMessage(
            "transaction 'b' is not in flight (already released, waiting in the ready queue)");
  }

  @Test
  void settlingAnUnknownTransactionThrowsNamingIt() {
    InMemoryConnector connector = InMemoryConnector.of(a);

    assertThatThrownBy(() -> connector.acknowledge(Transaction.of("ghost", 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transaction 'ghost' is not in flight (unknown to this connector)");
  }

  @Test
  void settlingATransactionThatWasNeverFetchedThrows() {
    InMemoryConnector connector = InMemoryConnector.of(a);

    assertThatThrownBy(() -> connector.reject(a, false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("transaction 'a' is not in flight (waiting in the ready queue, not fetched)");
    assertThat(connector.ready()).containsExactly(a);
  }

  @Test
  void theSettlementLogRecordsEverySettlementInOrder() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b, c);
    connector.fetchTransactions(3);

    connector.reject(b, true);
    connector.acknowledge(c);
    connector.reject(a, false);
    connector.fetchTransactions(1);
    connector.acknowledge(b);

    assertThat(connector.settlementLog())
        .containsExactly(
            Settlement.released("b"),
            Settlement.acknowledged("c"),
            Settlement.deadLettered("a"),
            Settlement.acknowledged("b"));
  }

  @Test
  void settlementMatchesByIdAndRecordsTheDeliveredTransaction() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a);
    connector.fetchTransactions(1);

    connector.acknowledge(a.withMetadata("handled-by", "task"));

    assertThat(connector.acknowledged()).containsExactly(a);
  }

  @Test
  void duplicateIdsAreSeparateDeliveriesSettledOldestFirst() throws Exception {
    Transaction first = Transaction.of("dup", 1);
    Transaction second = Transaction.of("dup", 2);
    InMemoryConnector connector = InMemoryConnector.of(first, second);
    connector.fetchTransactions(2);

    connector.acknowledge(second);

    assertThat(connector.acknowledged()).containsExactly(first);
    assertThat(connector.inFlight()).containsExactly(second);
    assertThat(connector.deliveryCount("dup")).isEqualTo(2);
  }

  @Test
  void resolveClaimsTheTransactionByIdSoItCanThenBeAcknowledged() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b, c);

    assertThat(connector.resolveTransaction("b")).contains(b);
    assertThat(connector.ready()).containsExactly(a, c);
    assertThat(connector.inFlight()).containsExactly(b);
    assertThat(connector.deliveryCount("b")).isEqualTo(1);

    connector.acknowledge(b);

    assertThat(connector.acknowledged()).containsExactly(b);
    assertThat(connector.inFlight()).isEmpty();
  }

  @Test
  void resolveFindsOnlyReadyTransactions() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b);
    connector.fetchTransactions(1);

    assertThat(connector.resolveTransaction("a")).isEmpty();
    assertThat(connector.resolveTransaction("missing")).isEmpty();
    assertThat(connector.ready()).containsExactly(b);
  }
}
