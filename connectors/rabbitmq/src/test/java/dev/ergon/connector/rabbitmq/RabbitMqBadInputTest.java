package dev.ergon.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wrong settings fail at start-up (in the constructor) naming the connector and the queue. */
class RabbitMqBadInputTest {
  private final String queue = Broker.uniqueName("ergon_bad");
  private Broker broker;

  @BeforeEach
  void connect() throws Exception {
    broker = new Broker();
  }

  @AfterEach
  void cleanUp() throws Exception {
    broker.deleteQueues(queue);
    broker.deleteExchange(queue + ".x");
    broker.close();
  }

  @Test
  void aWrongPasswordFailsAtStartUpNamingTheConnector() {
    RabbitMqClientConfig client =
        RabbitMqClientConfig.builder()
            .host("127.0.0.1")
            .password("wrong")
            .connectionName("orders-in")
            .build();

    assertThatThrownBy(
            () -> RabbitMqConnector.consumer(client, RabbitMqConsumerConfig.queue(queue)))
        .isInstanceOf(RabbitMqException.class)
        .hasMessageContaining("RabbitMQ connector 'orders-in'")
        .hasMessageContaining("amqp://guest@127.0.0.1:5672")
        .hasMessageContaining("cannot connect")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void anUnknownQueueInPassiveModeFailsAtStartUpNamingIt() {
    RabbitMqConsumerConfig passive =
        RabbitMqConsumerConfig.builder().queue(queue).passive(true).build();

    assertThatThrownBy(() -> RabbitMqConnector.consumer(Broker.client("bad-passive"), passive))
        .isInstanceOf(RabbitMqException.class)
        .hasMessageContaining("RabbitMQ connector 'bad-passive'")
        .hasMessageContaining("[" + queue + "]")
        .hasMessageContaining("NOT_FOUND");
    assertThat(Broker.channelsOfQuietly("bad-passive")).isZero();
  }

  @Test
  void queueArgumentsThatDifferFromTheExistingQueueFailAtStartUpInsteadOfBeingDropped() {
    RabbitMqConnector.consumer(Broker.client("bad-args-1"), RabbitMqConsumerConfig.queue(queue))
        .close();
    RabbitMqConsumerConfig withTtl =
        RabbitMqConsumerConfig.builder().queue(queue).queueArgument("x-message-ttl", 1000).build();

    assertThatThrownBy(() -> RabbitMqConnector.consumer(Broker.client("bad-args-2"), withTtl))
        .isInstanceOf(RabbitMqException.class)
        .hasMessageContaining(queue)
        .hasMessageContaining("PRECONDITION_FAILED")
        .hasMessageContaining("x-message-ttl");
  }

  @Test
  void anUnknownExchangeFailsAtStartUpAndAnUnroutableMessageFailsTheDispatch() throws Exception {
    RabbitMqProducerConfig unknown =
        RabbitMqProducerConfig.builder().exchange(queue + ".x").routingKey("k").build();
    assertThatThrownBy(() -> RabbitMqConnector.producer(Broker.client("bad-x"), unknown))
        .isInstanceOf(RabbitMqException.class)
        .hasMessageContaining("exchange '" + queue + ".x'")
        .hasMessageContaining("NOT_FOUND");

    RabbitMqProducerConfig declared =
        RabbitMqProducerConfig.builder()
            .exchange(queue + ".x")
            .exchangeType("direct")
            .routingKey("k")
            .build();
    try (RabbitMqConnector producer =
        RabbitMqConnector.producer(Broker.client("bad-x"), declared)) {
      assertThatThrownBy(() -> producer.dispatchTransactions(List.of(Transaction.of("lost", 1))))
          .isInstanceOf(RabbitMqException.class)
          .hasMessageContaining("reached no queue")
          .hasMessageContaining("'lost'");
    }
  }
}
