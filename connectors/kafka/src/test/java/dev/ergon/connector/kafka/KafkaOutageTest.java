package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A broker that is not there, or a client that cannot start: fetch fails clearly, never hangs. */
class KafkaOutageTest {

  @Test
  void aFetchWithoutABrokerFailsWithinTheSettleTimeoutNamingTheConnector() {
    try (KafkaConnector c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers("127.0.0.1:1")
                .group("g")
                .topics("orders")
                .clientId("nowhere")
                .settleTimeout(Duration.ofSeconds(1))
                .build())) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> c.fetchTransactions(1))
          .isInstanceOf(KafkaConnectorException.class)
          .hasMessageContaining("'nowhere'")
          .hasMessageContaining("group g")
          .hasMessageContaining("no partitions assigned");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
      assertThat(c.health()).containsEntry("assigned_partitions", 0);
    }
  }

  @Test
  void aConsumerThatCannotStartFailsTheFetchWithTheClientsError() {
    try (KafkaConnector c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .group("g")
                .topics("orders")
                .property("max.poll.records", "many")
                .build())) {
      assertThatThrownBy(() -> c.fetchTransactions(1))
          .isInstanceOf(KafkaConnectorException.class)
          .hasMessageContaining("the consumer stopped")
          .hasMessageContaining("max.poll.records");
      assertThat(c.health()).containsEntry("state", "closed");
    }
  }
}
