package dev.ergon.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AsyncInMemoryConnectorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final Transaction a = Transaction.of("a", 1);
  private final Transaction b = Transaction.of("b", 2);
  private final Transaction c = Transaction.of("c", 3);

  private static <T> T join(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void everyOperationDelegatesToTheInMemoryConnector() throws Exception {
    InMemoryConnector queue = InMemoryConnector.of(a, b, c);
    AsyncInMemoryConnector connector = new AsyncInMemoryConnector(queue);

    assertThat(connector.delegate()).isSameAs(queue);
    assertThat(join(connector.countTransactions())).isEqualTo(3L);
    assertThat(join(connector.fetchTransactions(2))).containsExactly(a, b);
    assertThat(join(connector.resolveTransaction("c"))).contains(c);
    join(connector.acknowledge(a));
    join(connector.reject(b, false));
    join(connector.reject(c, true));
    join(connector.dispatchTransactions(List.of(Transaction.of("d", 4))));

    assertThat(queue.acknowledged()).containsExactly(a);
    assertThat(queue.deadLettered()).containsExactly(b);
    assertThat(queue.released()).containsExactly(c);
    assertThat(queue.dispatched()).extracting(Transaction::id).containsExactly("d");
    assertThat(queue.ready()).extracting(Transaction::id).containsExactly("c", "d");
  }

  @Test
  void theDelegateRunsOnAVirtualThreadNotOnTheCaller() throws Exception {
    InMemoryConnector queue = InMemoryConnector.of(a);
    AsyncInMemoryConnector connector = new AsyncInMemoryConnector(queue);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    queue.failNextFetches(
        1,
        () -> {
          ranOn.set(Thread.currentThread());
          return new IOException("observed");
        });

    join(connector.fetchTransactions(1).handle((batch, error) -> error));

    assertThat(ranOn.get().isVirtual()).isTrue();
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
  }

  @Test
  void aStageFailsWithTheDelegatesOwnExceptionUnwrapped() throws Exception {
    InMemoryConnector queue = InMemoryConnector.of(a);
    AsyncInMemoryConnector connector = new AsyncInMemoryConnector(queue);
    queue.failNextFetches(1, () -> new IOException("broker down"));
    queue.failAcknowledgeWith(() -> new ConnectionLostException("channel closed", null));

    Throwable fetchFailure = join(connector.fetchTransactions(1).handle((batch, error) -> error));
    assertThat(fetchFailure).isInstanceOf(IOException.class).hasMessage("broker down");

    join(connector.fetchTransactions(1));
    Throwable ackFailure = catchThrowable(() -> join(connector.acknowledge(a)));
    assertThat(ackFailure)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ConnectionLostException.class);
  }

  @Test
  void capabilitiesHealthConcurrencyAndCloseDelegate() {
    InMemoryConnector queue = InMemoryConnector.of(a).withoutDeadLetter();
    AsyncInMemoryConnector connector = new AsyncInMemoryConnector(queue);

    connector.onConcurrency(4);
    connector.close();

    assertThat(connector.supportsDeadLetter()).isFalse();
    assertThat(queue.lastConcurrencyHint()).hasValue(4);
    assertThat(queue.isClosed()).isTrue();
    assertThat(connector.health()).isEqualTo(queue.health());
    CompletableFuture<List<Transaction>> afterClose =
        connector.fetchTransactions(1).toCompletableFuture();
    assertThat(catchThrowable(afterClose::join)).hasCauseInstanceOf(IllegalStateException.class);
  }
}
