package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import java.time.Duration;
import java.util.List;

/** The conformance kit against the in-JVM broker: one topic and one group per test. */
class KafkaContractTest extends ConnectorContractTest {

  @Override
  protected Connector open(String destination) throws Exception {
    KafkaConnector c =
        new KafkaConnector(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .group(destination + "_g")
                .topics(destination)
                .clientId("ct-" + destination)
                .build());
    Broker.ensureTopic(destination, 2);
    // join the group before the test goes on, so no rebalance moves records mid-test
    assertThat(c.awaitAssignment(Duration.ofSeconds(30))).isTrue();
    return c;
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().redeliveryWithin(Duration.ofSeconds(10));
  }

  @Override
  protected List<String> deadLetteredIds(String destination) throws Exception {
    return Broker.ids(destination + KafkaSettings.DLT_SUFFIX);
  }

  @Override
  protected void drop(String destination) {
    Broker.deleteTopics(destination, destination + KafkaSettings.DLT_SUFFIX);
  }
}
