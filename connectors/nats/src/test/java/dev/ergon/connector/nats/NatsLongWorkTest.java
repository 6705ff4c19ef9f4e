package dev.ergon.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JetStream trap: a transaction that runs three times the ack wait (2 s ack wait, 6 s of work)
 * is not redelivered, because its message gets in-progress acks while it runs. The control case
 * (in-progress acks stopped by max_in_progress) shows that the same set-up does redeliver without
 * them, so the first test would catch the trap.
 */
class NatsLongWorkTest {
  private static final Duration ACK_WAIT = Duration.ofSeconds(2);
  private static final Duration WORK = ACK_WAIT.multipliedBy(3);

  private final String stream = Js.unique("ergon_long");
  private final List<NatsConnector> opened = new ArrayList<>();
  private Js js;

  @BeforeEach
  void connect() throws Exception {
    js = new Js();
  }

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(NatsConnector::close);
    js.deleteStream(stream);
    js.close();
  }

  private NatsConnector open(NatsSettings.Builder b) {
    NatsConnector c = new NatsConnector(b.build());
    opened.add(c);
    return c;
  }

  @Test
  void aTransactionThatTakesThreeTimesTheAckWaitIsProcessedOnceAndNotRedelivered()
      throws Exception {
    NatsConnector worker = open(Js.settings(stream).ackWait(ACK_WAIT));
    NatsConnector other = open(Js.settings(stream).ackWait(ACK_WAIT));
    worker.dispatchTransactions(List.of(Transaction.of("long-1", Map.of("n", 1))));
    Transaction tx = Js.fetchOne(worker);
    assertThat(tx.metadata()).containsEntry("nats.delivered", "1");

    // the 6 s of work: meanwhile a second consumer of the same durable must get nothing
    List<Transaction> stolen = new ArrayList<>();
    await()
        .during(WORK)
        .atMost(WORK.plusSeconds(10))
        .until(
            () -> {
              stolen.addAll(other.fetchTransactions(10));
              stolen.addAll(worker.fetchTransactions(10));
              return stolen.isEmpty();
            });
    assertThat(worker.health().get("in_progress_acks"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LONG)
        .isGreaterThanOrEqualTo(5L);
    worker.acknowledge(tx);

    // and after more than an ack wait, still nothing, and nothing is left
    await()
        .during(ACK_WAIT.plusSeconds(1))
        .atMost(ACK_WAIT.plusSeconds(10))
        .until(
            () -> {
              stolen.addAll(other.fetchTransactions(10));
              return stolen.isEmpty();
            });
    assertThat(worker.countTransactions()).isZero();
  }

  @Test
  void withoutInProgressAcksTheSameWorkIsRedeliveredSoTheTrapIsReal() throws Exception {
    NatsConnector worker =
        open(Js.settings(stream).ackWait(ACK_WAIT).maxInProgress(Duration.ofMillis(100)));
    NatsConnector other = open(Js.settings(stream).ackWait(ACK_WAIT));
    worker.dispatchTransactions(List.of(Transaction.of("long-2", Map.of("n", 2))));
    Transaction tx = Js.fetchOne(worker);

    Transaction again = Js.fetchOne(other);

    assertThat(again.id()).isEqualTo(tx.id());
    assertThat(again.metadata()).containsEntry("nats.delivered", "2");
    other.acknowledge(again);
  }
}
