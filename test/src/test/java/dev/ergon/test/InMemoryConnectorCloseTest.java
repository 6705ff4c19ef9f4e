package dev.ergon.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryConnectorCloseTest {
  private final Transaction a = Transaction.of("a", 1);
  private final Transaction b = Transaction.of("b", 2);
  private final Transaction c = Transaction.of("c", 3);
  private final Transaction d = Transaction.of("d", 4);

  @Test
  void closeReturnsUnsettledTransactionsToTheHeadOfTheReadyQueueInDeliveryOrder() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b, c, d);
    connector.fetchTransactions(3);
    connector.acknowledge(b);

    connector.close();

    assertThat(connector.isClosed()).isTrue();
    assertThat(connector.inFlight()).isEmpty();
    assertThat(connector.ready()).containsExactly(a, c, d);
    assertThat(connector.countTransactions()).isEqualTo(3);
    assertThat(connector.acknowledged()).containsExactly(b);
  }

  @Test
  void afterCloseFetchDispatchAndResolveThrow() {
    InMemoryConnector connector = InMemoryConnector.of(a);
    connector.close();

    assertThatThrownBy(() -> connector.fetchTransactions(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot fetch: the in-memory connector is closed");
    assertThatThrownBy(() -> connector.dispatchTransactions(List.of(b)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot dispatch: the in-memory connector is closed");
    assertThatThrownBy(() -> connector.resolveTransaction("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot resolve: the in-memory connector is closed");
    assertThat(connector.dispatched()).isEmpty();
    assertThat(connector.fetchCount()).isZero();
  }

  @Test
  void settlingAfterCloseReportsALostConnectionAndTheTransactionStaysReady() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a);
    connector.fetchTransactions(1);
    connector.close();

    assertThatThrownBy(() -> connector.acknowledge(a))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> connector.reject(a, false))
        .isInstanceOf(ConnectionLostException.class);
    assertThat(connector.ready()).containsExactly(a);
    assertThat(connector.settlementLog()).isEmpty();
  }

  @Test
  void closeIsIdempotentAndEveryCallIsCounted() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b);
    connector.fetchTransactions(1);

    connector.close();
    connector.close();

    assertThat(connector.closeCount()).isEqualTo(2);
    assertThat(connector.ready()).containsExactly(a, b);
    assertThat(connector.health()).containsEntry("closed", true);
  }

  @Test
  void addStillWorksAfterClose() {
    InMemoryConnector connector = new InMemoryConnector();
    connector.close();

    connector.add(a);

    assertThat(connector.ready()).containsExactly(a);
  }
}
