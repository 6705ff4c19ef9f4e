package dev.ergon.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
 * While the broker refuses the connector (its user is deleted and its connection closed), fetch and
 * dispatch fail promptly instead of blocking, reconnect attempts are spaced by the recovery
 * interval, and both work again by themselves once the broker accepts the user again. Uses a user
 * of its own, so other clients of the broker are not disturbed.
 */
class RabbitMqOutageTest {
  private final String queue = Broker.uniqueName("ergon_outage");
  private final String user = Broker.uniqueName("ergon_user");
  private final String name = "ergon-test-" + queue;
  private Broker broker;
  private RabbitMqConnector connector;

  @BeforeEach
  void setUp() throws Exception {
    broker = new Broker();
    addUser();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (connector != null) {
      connector.close();
    }
    broker.deleteQueues(queue);
    broker.close();
    if (Broker.ctl("-q", "list_users").stream().anyMatch(l -> l.startsWith(user))) {
      Broker.ctl("delete_user", user);
    }
  }

  private void addUser() throws Exception {
    Broker.ctl("add_user", user, "pw");
    Broker.ctl("set_permissions", "-p", "/", user, ".*", ".*", ".*");
  }

  @Test
  void fetchFailsPromptlyWhileTheBrokerRefusesAndRecoversByItselfWhenItAcceptsAgain()
      throws Exception {
    RabbitMqClientConfig client =
        RabbitMqClientConfig.builder()
            .host("127.0.0.1")
            .username(user)
            .password("pw")
            .connectionName(name)
            .recoveryInterval(Duration.ofMillis(500))
            .build();
    connector =
        new RabbitMqConnector(
            client,
            RabbitMqConsumerConfig.builder()
                .queue(queue)
                .pollTimeout(Duration.ofMillis(200))
                .build(),
            RabbitMqProducerConfig.toQueue(queue));
    assertThat(connector.fetchTransactions(5)).isEmpty();

    Broker.ctl("delete_user", user);
    Broker.closeConnections(name);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> connector.health().get("connection_open").equals(false));

    long start = System.nanoTime();
    assertThatThrownBy(() -> connector.fetchTransactions(5))
        .isInstanceOf(RabbitMqException.class)
        .hasMessageContaining("RabbitMQ connector '" + name + "'")
        .hasMessageContaining("cannot connect");
    assertThatThrownBy(() -> connector.fetchTransactions(5))
        .isInstanceOf(RabbitMqException.class)
        .hasMessageContaining("reconnecting in");
    assertThatThrownBy(() -> connector.dispatchTransactions(List.of(Transaction.of("x", 1))))
        .isInstanceOf(RabbitMqException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(connector.health())
        .containsEntry("state", "disconnected")
        .containsEntry("consumer_registered", false)
        .containsKey("down_since");

    addUser();
    broker.publish(
        queue,
        new com.rabbitmq.client.AMQP.BasicProperties.Builder().messageId("back").build(),
        "{}");
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreException(RabbitMqException.class)
        .until(
            () -> {
              got.addAll(connector.fetchTransactions(5));
              return !got.isEmpty();
            });
    assertThat(got).extracting(Transaction::id).containsExactly("back");
    connector.acknowledge(got.get(0));
    connector.dispatchTransactions(List.of(Transaction.of("after", Map.of())));
    assertThat(connector.health())
        .containsEntry("state", "connected")
        .containsEntry("reconnects", 1)
        .containsEntry("recoveries", 1);
    assertThat(Broker.consumerPrefetches(queue)).hasSize(1);
  }
}
