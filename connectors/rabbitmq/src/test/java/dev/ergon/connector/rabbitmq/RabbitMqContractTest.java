package dev.ergon.connector.rabbitmq;

import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The RabbitMQ connector passes the conformance kit against the broker on 127.0.0.1: each consumer
 * is a new connector (its own connection) on a queue that dead-letters to {@code <queue>.dlx}.
 */
class RabbitMqContractTest extends ConnectorContractTest {
  private static Broker broker;

  @BeforeAll
  static void connect() throws Exception {
    broker = new Broker();
  }

  @AfterAll
  static void disconnect() throws Exception {
    broker.close();
  }

  @Override
  protected Connector open(String destination) throws Exception {
    broker.declareDeadLetterTopology(destination);
    return new RabbitMqConnector(
        Broker.client("ergon-contract-" + destination),
        RabbitMqConsumerConfig.builder()
            .queue(destination)
            .queueArgument("x-dead-letter-exchange", destination + ".dlx")
            .pollTimeout(Duration.ofMillis(200))
            .build(),
        RabbitMqProducerConfig.toQueue(destination));
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().withoutResolve();
  }

  @Override
  protected List<String> deadLetteredIds(String destination) throws Exception {
    return broker.peekIds(destination + ".dead");
  }

  @Override
  protected void drop(String destination) throws Exception {
    broker.deleteQueues(destination, destination + ".dead");
    broker.deleteExchange(destination + ".dlx");
  }
}
