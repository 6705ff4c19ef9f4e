package dev.ergon.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.TaskHarness;
import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final WorkerIdentity WORKER = new WorkerIdentity("orders", "exec-1", 0);

  @Test
  void thePrometheusReaderRendersTheEnginesMetricsAsPrometheusText() {
    InstalledTelemetry telemetry =
        ErgonTelemetry.install(
            TelemetryConfig.builder().metrics(MetricsConfig.builder().prometheus().build()).build(),
            WORKER);
    try {
      InMemoryConnector input = new InMemoryConnector();
      input.add(Transaction.of("a", 1), Transaction.of("b", 2), Transaction.of("c", 3));
      TaskHarness.of(LoggingConsumer::new)
          .connector("input", input)
          .policy(ConsumerPolicy.defaults("consumer"))
          .openTelemetry(telemetry.openTelemetry())
          .run();

      Supplier<String> scrape = telemetry.prometheusText().orElseThrow();
      String text = scrape.get();

      assertThat(text)
          .contains("# TYPE ergon_transactions_total counter")
          .contains(
              "ergon_transactions_total{ergon_outcome=\"succeeded\",ergon_policy_name=\"consumer\","
                  + "ergon_task_name=\"harness\"} 3")
          .contains("# TYPE ergon_transaction_duration_seconds histogram")
          .containsPattern("ergon_transaction_duration_seconds_bucket\\{.*le=\"\\+Inf\"} 3")
          .containsPattern("ergon_transaction_duration_seconds_count\\{.*} 3")
          .contains("# TYPE ergon_in_flight gauge");
    } finally {
      telemetry.close();
    }
  }

  @Test
  void withoutThePrometheusReaderThereIsNoText() {
    InstalledTelemetry telemetry = ErgonTelemetry.install(TelemetryConfig.none(), WORKER);
    try {
      assertThat(telemetry.prometheusText()).isEmpty();
    } finally {
      telemetry.close();
    }
  }

  @Test
  void metricsNeedAReaderOfSomeKind() {
    assertThatThrownBy(() -> new MetricsConfig(List.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("readers");
    assertThat(new MetricsConfig(List.of(), true).prometheus()).isTrue();
  }
}
