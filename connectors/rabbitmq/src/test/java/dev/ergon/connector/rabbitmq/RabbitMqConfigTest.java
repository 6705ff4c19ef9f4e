package dev.ergon.connector.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings validate at once and name the field and the value. No broker needed. */
class RabbitMqConfigTest {

  @Test
  void autoAckIsRefusedWithAMessageThatSaysWhy() {
    assertThatThrownBy(() -> RabbitMqConsumerConfig.builder().queue("q").autoAck(true).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("auto_ack must be false but was true")
        .hasMessageContaining("lost when the worker dies")
        .hasMessageContaining("prefetch");
  }

  @Test
  void invalidFieldsAreNamedWithTheirValue() {
    assertThatThrownBy(() -> RabbitMqConsumerConfig.builder().queue("q").prefetch(0).build())
        .hasMessage("prefetch must be between 1 and 65535 but was 0");
    assertThatThrownBy(() -> RabbitMqClientConfig.builder().ackTimeout(Duration.ZERO).build())
        .hasMessage("ack_timeout must be > 0 but was PT0S");
    assertThatThrownBy(() -> RabbitMqClientConfig.builder().port(70_000).build())
        .hasMessage("port must be between 1 and 65535 but was 70000");
    assertThatThrownBy(() -> RabbitMqConsumerConfig.builder().build())
        .hasMessage("subscriptions must be at least one queue but was []");
    assertThatThrownBy(() -> RabbitMqConsumerConfig.builder().queue("a").queue("a").build())
        .hasMessage("subscriptions must be unique queue names but was a");
    assertThatThrownBy(() -> RabbitMqProducerConfig.builder().build())
        .hasMessageStartingWith("routing_key must be a queue name");
    assertThatThrownBy(() -> RabbitMqSubscription.queue("q").boundTo("x", "topical", List.of("#")))
        .hasMessageStartingWith("exchange_type must be one of");
    assertThatThrownBy(() -> RabbitMqSubscription.queue("q").withArgument("x-bad", List.of()))
        .hasMessageStartingWith("queue_arguments.x-bad must be a string, number or boolean");
    assertThatThrownBy(() -> RabbitMqClientConfig.ofUri("http://localhost"))
        .hasMessageStartingWith("uri must be an amqp:// or amqps:// URI");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    RabbitMqClientConfig client = RabbitMqClientConfig.localDefault();
    assertThat(client.heartbeat()).isEqualTo(Duration.ofSeconds(60));
    assertThat(client.ackTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(client.address()).isEqualTo("amqp://guest@localhost:5672//");
    RabbitMqConsumerConfig consumer = RabbitMqConsumerConfig.queue("orders");
    assertThat(consumer.durable()).isTrue();
    assertThat(consumer.configuredPrefetch()).isEmpty();
    assertThat(consumer.deadLetters()).isFalse();
    RabbitMqProducerConfig producer = RabbitMqProducerConfig.toQueue("orders");
    assertThat(producer.persistent()).isTrue();
    assertThat(producer.confirms()).isTrue();
    assertThat(producer.contentType()).isEqualTo("application/json");
  }

  @Test
  void secretsNeverReachToString() {
    RabbitMqClientConfig byFields = RabbitMqClientConfig.builder().password("s3cret").build();
    RabbitMqClientConfig byUri = RabbitMqClientConfig.ofUri("amqps://app:s3cret@rabbit:5671/prod");

    assertThat(byFields.toString()).doesNotContain("s3cret");
    assertThat(byUri.toString()).doesNotContain("s3cret").contains("amqps://app:****@rabbit");
    assertThat(byUri.usesTls()).isTrue();
  }

  @Test
  void queueArgumentsAreKeptAndTellWhetherTheQueueDeadLetters() {
    RabbitMqConsumerConfig c =
        RabbitMqConsumerConfig.builder()
            .queue("orders")
            .queueArgument("x-dead-letter-exchange", "orders.dlx")
            .queueArgument("x-message-ttl", 60_000)
            .prefetch(5)
            .build();

    assertThat(c.subscriptions().get(0).queueArguments())
        .isEqualTo(Map.of("x-dead-letter-exchange", "orders.dlx", "x-message-ttl", 60_000));
    assertThat(c.deadLetters()).isTrue();
    assertThat(c.configuredPrefetch()).hasValue(5);
  }
}
