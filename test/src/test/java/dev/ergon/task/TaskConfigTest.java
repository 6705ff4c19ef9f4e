package dev.ergon.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.test.InMemoryConnector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskConfig} is checked when it is built (behaviour.md §2, §5, §9), and each error names
 * the task, the field and the value.
 */
class TaskConfigTest {

  private static TaskConfig.Builder orders() {
    return TaskConfig.builder("orders").task(ProbeTask::new);
  }

  @Test
  void aTaskWithNeitherConnectorNorServiceIsRejected() {
    assertThatThrownBy(() -> orders().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("task 'orders' must define at least one connector or service");
  }

  @Test
  void aServiceAloneIsEnough() {
    TaskConfig config = orders().service("clock", Object::new).build();

    assertThat(config.connectors()).isEmpty();
    assertThat(config.services()).extracting(ServiceConfig::name).containsExactly("clock");
    assertThat(config.maxWorkers()).isEqualTo(1);
  }

  @Test
  void maxWorkersBelowOneIsRejectedNamingTheFieldAndTheValue() {
    assertThatThrownBy(() -> orders().maxWorkers(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'orders'")
        .hasMessageContaining("max_workers must be >= 1 but was 0");
    assertThatThrownBy(
            () ->
                new TaskConfig(
                    "orders",
                    ProbeTask::new,
                    0,
                    List.of(ConnectorConfig.of("input", InMemoryConnector::new)),
                    List.of(),
                    List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("max_workers must be >= 1 but was 0");
  }

  @Test
  void aConnectorNameUsedTwiceIsRejected() {
    assertThatThrownBy(
            () ->
                orders()
                    .connector("input", InMemoryConnector::new)
                    .connector("input", InMemoryConnector::new)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("task 'orders': connector name 'input' is used twice");
  }

  @Test
  void aServiceNameUsedTwiceIsRejected() {
    assertThatThrownBy(
            () -> orders().service("openai", Object::new).service("openai", Object::new).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("task 'orders': service name 'openai' is used twice");
  }

  @Test
  void aPolicyNameUsedTwiceIsRejectedEvenAcrossKinds() {
    assertThatThrownBy(
            () ->
                orders()
                    .connector("input", InMemoryConnector::new)
                    .policy(ConsumerPolicy.defaults("main"), ProducerPolicy.defaults("main"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("task 'orders': policy name 'main' is used twice");
  }

  @Test
  void aFetchConnectorThatIsNotConfiguredIsRejectedListingTheConfiguredOnes() {
    assertThatThrownBy(
            () ->
                orders()
                    .connector("input", InMemoryConnector::new)
                    .connector("output", InMemoryConnector::new)
                    .policy(ConsumerPolicy.builder("consumer").fetchConnector("inbox").build())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("policy 'consumer'")
        .hasMessageContaining("fetch.connector_name 'inbox'")
        .hasMessageContaining("[input, output]");
  }

  @Test
  void severalConnectorsAndAConsumerPolicyWithoutAConnectorNameAreRejected() {
    assertThatThrownBy(
            () ->
                orders()
                    .connector("input", InMemoryConnector::new)
                    .connector("output", InMemoryConnector::new)
                    .policy(ConsumerPolicy.defaults("consumer"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("policy 'consumer'")
        .hasMessageContaining("[input, output]")
        .hasMessageContaining("fetch.connector_name");
  }

  @Test
  void severalConnectorsAreFineWhenEachConsumerPolicyNamesOne() {
    TaskConfig config =
        orders()
            .connector("input", InMemoryConnector::new)
            .connector("output", InMemoryConnector::new)
            .policy(
                ConsumerPolicy.builder("consumer").fetchConnector("input").build(),
                ProducerPolicy.defaults("producer"))
            .build();

    assertThat(config.connectors())
        .extracting(ConnectorConfig::name)
        .containsExactly("input", "output");
    assertThat(config.policies()).hasSize(2);
  }

  @Test
  void aConfigurationWithoutATaskFactoryIsRejected() {
    assertThatThrownBy(
            () -> TaskConfig.builder("orders").connector("input", InMemoryConnector::new).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'orders'")
        .hasMessageContaining("no task factory");
  }

  @Test
  void aBlankTaskNameIsRejected() {
    assertThatThrownBy(
            () ->
                TaskConfig.builder(" ")
                    .task(ProbeTask::new)
                    .connector("input", InMemoryConnector::new)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("name must be non-blank");
  }

  @Test
  void aBlankConnectorNameIsRejected() {
    assertThatThrownBy(() -> orders().connector(" ", InMemoryConnector::new))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("connectors.name must be non-blank");
  }
}
