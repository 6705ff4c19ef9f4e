package dev.ergon.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class InMemoryConnectorFaultTest {
  private final Transaction a = Transaction.of("a", 1);
  private final Transaction b = Transaction.of("b", 2);

  @Test
  void failNextFetchesFailsExactlyThatManyFetchesTakingNothingThenFetchesNormally()
      throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b);
    connector.failNextFetches(2, () -> new IOException("broker down"));

    assertThatThrownBy(() -> connector.fetchTransactions(1))
        .isInstanceOf(IOException.class)
        .hasMessage("broker down");
    assertThatThrownBy(() -> connector.fetchTransactions(1)).isInstanceOf(IOException.class);
    assertThat(connector.ready()).containsExactly(a, b);

    assertThat(connector.fetchTransactions(1)).containsExactly(a);
    assertThat(connector.fetchCount()).isEqualTo(3);
  }

  @Test
  void eachFailingFetchThrowsANewException() {
    InMemoryConnector connector = InMemoryConnector.of(a);
    connector.failNextFetches(2, () -> new IOException("broker down"));

    Throwable first = catchThrowable(() -> connector.fetchTransactions(1));
    Throwable second = catchThrowable(() -> connector.fetchTransactions(1));

    assertThat(first).isInstanceOf(IOException.class).isNotSameAs(second);
    assertThat(second).isInstanceOf(IOException.class);
  }

  @Test
  void failAcknowledgeWithFailsEveryAcknowledgeLeavingTheTransactionInFlightUntilCleared()
      throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a, b);
    connector.fetchTransactions(2);
    connector.failAcknowledgeWith(() -> new ConnectionLostException("channel closed", null));

    assertThatThrownBy(() -> connector.acknowledge(a))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessage("channel closed");
    assertThatThrownBy(() -> connector.acknowledge(b)).isInstanceOf(ConnectionLostException.class);
    assertThat(connector.inFlight()).containsExactly(a, b);
    assertThat(connector.acknowledged()).isEmpty();

    connector.clearFailures();
    connector.acknowledge(a);

    assertThat(connector.acknowledged()).containsExactly(a);
  }

  @Test
  void failAcknowledgeWithLeavesRejectWorking() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a);
    connector.fetchTransactions(1);
    connector.failAcknowledgeWith(() -> new ConnectionLostException("channel closed", null));

    connector.reject(a, false);

    assertThat(connector.deadLettered()).containsExactly(a);
  }

  @Test
  void failRejectWithFailsEveryRejectUntilCleared() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a);
    connector.fetchTransactions(1);
    connector.failRejectWith(() -> new IOException("no route"));

    assertThatThrownBy(() -> connector.reject(a, true)).isInstanceOf(IOException.class);
    assertThat(connector.inFlight()).containsExactly(a);

    connector.clearFailures();
    connector.reject(a, true);

    assertThat(connector.ready()).containsExactly(a);
  }

  @Test
  void clearFailuresAlsoCancelsPendingFetchFailures() throws Exception {
    InMemoryConnector connector = InMemoryConnector.of(a);
    connector.failNextFetches(5, () -> new IOException("broker down"));

    connector.clearFailures();

    assertThat(connector.fetchTransactions(1)).containsExactly(a);
  }

  @Test
  void aNegativeNumberOfFailingFetchesIsRejectedNamingTheValue() {
    InMemoryConnector connector = new InMemoryConnector();

    assertThatThrownBy(() -> connector.failNextFetches(-1, IOException::new))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be >= 0 but was -1");
  }
}
