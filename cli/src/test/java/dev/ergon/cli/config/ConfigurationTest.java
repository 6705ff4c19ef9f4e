package dev.ergon.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import dev.ergon.cli.TestTasks;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.SettlementMode;
import dev.ergon.policy.ThreadKind;
import dev.ergon.policy.UnhandledAction;
import dev.ergon.task.TaskConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {
  private static final List<String> TASKS = List.of("order-processor", "audit");
  private static final String CONCURRENCY_PROPERTY =
      "ergon.tasks.order-processor.policies.consumer.loop.concurrency.value";
  private static final String CONCURRENCY_ENV =
      "ERGON_TASKS__ORDER_PROCESSOR__POLICIES__CONSUMER__LOOP__CONCURRENCY__VALUE";

  @TempDir Path dir;

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve("ergon.yaml");
    Files.writeString(file, text);
    return file;
  }

  private static TaskConfig applied(Path file, Map<String, String> props, Map<String, String> env) {
    ErgonConfiguration c = ErgonConfiguration.load(ConfigSources.of(file, props, env), TASKS);
    return c.task("order-processor").applyTo(TestTasks.orders());
  }

  private static ConsumerPolicy consumer(TaskConfig config) {
    return (ConsumerPolicy) config.policies().get(0);
  }

  private static final String EXAMPLE =
      """
      tasks:
        order-processor:
          max_workers: 2
          policies:
            consumer:
              loop: {concurrency: {value: 8}, batch: {size: 16}, streaming: true}
              process: {retry: {max_attempts: 3, backoff: 1s, backoff_multiplier: 2}}
          supervision: {check_interval: 10s, unhealthy_grace: 30s}
          connectors:
            input: {queue: orders}
      """;

  @Test
  void yamlKeysAreLaidOverThePolicyGivenInCode() throws IOException {
    TaskConfig config = applied(yaml(EXAMPLE), Map.of(), Map.of());

    ConsumerPolicy p = consumer(config);
    assertThat(config.maxWorkers()).isEqualTo(2);
    assertThat(p.loop().concurrency().value()).isEqualTo(8);
    assertThat(p.loop().batch().size()).isEqualTo(16);
    assertThat(p.loop().streaming()).isTrue();
    assertThat(p.process().retry().maxAttempts()).isEqualTo(3);
    assertThat(p.process().retry().backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.process().retry().backoffMultiplier()).isEqualTo(2.0);
    assertThat(p.transactionRuntime().timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.policies().get(1)).isEqualTo(ProducerPolicy.defaults("feeder"));
  }

  @Test
  void aSystemPropertyOverridesTheYamlFile() throws IOException {
    TaskConfig config = applied(yaml(EXAMPLE), Map.of(CONCURRENCY_PROPERTY, "12"), Map.of());

    assertThat(consumer(config).loop().concurrency().value()).isEqualTo(12);
    assertThat(consumer(config).loop().batch().size()).isEqualTo(16);
  }

  @Test
  void anEnvironmentVariableOverridesTheSystemProperty() throws IOException {
    TaskConfig config =
        applied(yaml(EXAMPLE), Map.of(CONCURRENCY_PROPERTY, "12"), Map.of(CONCURRENCY_ENV, "20"));

    assertThat(consumer(config).loop().concurrency().value()).isEqualTo(20);
  }

  @Test
  void environmentNamesIgnoreCaseAndReadDashesAsUnderscores() {
    TaskConfig config =
        applied(
            null,
            Map.of(),
            Map.of(
                "ergon_tasks__Order_Processor__policies__consumer__process__retry__max_attempts",
                "4",
                "ERGON_TASKS__ORDER_PROCESSOR__MAX_WORKERS",
                "3"));

    assertThat(consumer(config).process().retry().maxAttempts()).isEqualTo(4);
    assertThat(config.maxWorkers()).isEqualTo(3);
  }

  @Test
  void anUnknownKeyFailsNamingTheFullKeyAndTheFile() throws IOException {
    Path file =
        yaml(
            """
            tasks:
              order-processor:
                policies:
                  consumer:
                    loop: {concurency: {value: 8}}
            """);

    assertThatThrownBy(() -> applied(file, Map.of(), Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("tasks.order-processor.policies.consumer.loop.concurency.value")
        .hasMessageContaining("unknown key 'loop.concurency.value'")
        .hasMessageContaining("loop.concurrency.value")
        .hasMessageContaining("file " + file.toAbsolutePath());
  }

  @Test
  void aBadValueFailsNamingTheKeyTheValueAndTheEnvironmentVariable() {
    assertThatThrownBy(() -> applied(null, Map.of(), Map.of(CONCURRENCY_ENV, "eight")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "tasks.order-processor.policies.consumer.loop.concurrency.value must be an integer"
                + " but was 'eight' (environment variable "
                + CONCURRENCY_ENV
                + ")");
  }

  @Test
  void aValueTheCoreRecordRejectsFailsNamingTheFullKeyAndTheProperty() {
    String key = "ergon.tasks.order-processor.policies.consumer.process.retry.max_attempts";

    assertThatThrownBy(() -> applied(null, Map.of(key, "0"), Map.of()))
        .hasMessageContaining("tasks.order-processor.policies.consumer.process.retry.max_attempts")
        .hasMessageContaining("'0'")
        .hasMessageContaining("system property " + key)
        .hasMessageContaining(">= 1");
  }

  @Test
  void booleansAcceptYesNoOnOffAndDigitsAndRejectAnythingElse() {
    String key = "ergon.tasks.order-processor.policies.consumer.loop.streaming";
    for (String yes : List.of("true", "YES", "on", "1")) {
      assertThat(consumer(applied(null, Map.of(key, yes), Map.of())).loop().streaming()).isTrue();
    }
    for (String no : List.of("false", "No", "off", "0")) {
      assertThat(consumer(applied(null, Map.of(key, no), Map.of())).loop().streaming()).isFalse();
    }

    assertThatThrownBy(() -> applied(null, Map.of(key, "ture"), Map.of()))
        .hasMessageContaining("loop.streaming must be true/false, yes/no, on/off or 1/0")
        .hasMessageContaining("'ture'");
  }

  @Test
  void anUnknownTaskFailsListingTheKnownOnes() throws IOException {
    Path file = yaml("tasks:\n  order-procesor:\n    max_workers: 2\n");

    assertThatThrownBy(
            () -> ErgonConfiguration.load(ConfigSources.of(file, Map.of(), Map.of()), TASKS))
        .hasMessageContaining("tasks.order-procesor.max_workers")
        .hasMessageContaining(
            "unknown task 'order-procesor'; known tasks: [order-processor, audit]");
  }

  @Test
  void anUnknownPolicyFailsListingTheTasksPolicies() throws IOException {
    Path file = yaml("tasks:\n  order-processor:\n    policies:\n      consumr: {}\n");

    assertThatThrownBy(() -> applied(file, Map.of(), Map.of()))
        .hasMessageContaining("task 'order-processor' has no policy 'consumr'")
        .hasMessageContaining("[consumer, feeder]");
  }

  @Test
  void aProducerKeyOnAConsumerPolicyIsUnknown() {
    String key = "ergon.tasks.order-processor.policies.consumer.prepare.retry.max_attempts";

    assertThatThrownBy(() -> applied(null, Map.of(key, "2"), Map.of()))
        .hasMessageContaining("unknown key 'prepare.retry.max_attempts' for consumer policy");
  }

  @Test
  void everyProblemIsReportedAtOnce() throws IOException {
    Path file =
        yaml(
            """
            tasks:
              order-processor:
                max_worker: 2
                policies:
                  consumer:
                    loop: {concurrency: {value: 0}, streaming: maybe}
            """);

    assertThatThrownBy(() -> applied(file, Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> assertThat(e.problems()).hasSize(1).first().asString().contains("max_worker"));
    ErgonConfiguration fine =
        ErgonConfiguration.load(
            ConfigSources.of(
                yaml(
                    """
                    tasks:
                      order-processor:
                        policies:
                          consumer:
                            loop: {concurrency: {value: 0}, streaming: maybe}
                    """),
                Map.of(),
                Map.of()),
            TASKS);
    assertThatThrownBy(() -> fine.task("order-processor").applyTo(TestTasks.orders()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void aMissingExplicitFileIsAnErrorNamingItButAMissingDefaultFileIsFine() {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(
            () -> ErgonConfiguration.load(ConfigSources.of(missing, Map.of(), Map.of()), TASKS))
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    ErgonConfiguration c =
        ErgonConfiguration.load(new ConfigSources(missing, false, Map.of(), Map.of()), TASKS);
    assertThat(c.task("order-processor").applyTo(TestTasks.orders()).policies())
        .isEqualTo(TestTasks.orders().policies());
  }

  @Test
  void invalidYamlNamesTheFile() throws IOException {
    Path file = yaml("tasks: [unclosed\n");

    assertThatThrownBy(
            () -> ErgonConfiguration.load(ConfigSources.of(file, Map.of(), Map.of()), TASKS))
        .hasMessageContaining(file.toAbsolutePath().toString())
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void supervisionIsReadOverTheDefaults() throws IOException {
    ErgonConfiguration c =
        ErgonConfiguration.load(
            ConfigSources.of(
                yaml(EXAMPLE),
                Map.of("ergon.tasks.order-processor.supervision.fetch_stale_after", "90"),
                Map.of("ERGON_TASKS__ORDER_PROCESSOR__SUPERVISION__ENABLED", "off")),
            TASKS);

    assertThat(c.task("order-processor").supervision())
        .isEqualTo(
            new SupervisionSettings(
                false,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                Duration.ofSeconds(30),
                Duration.ofSeconds(15),
                Duration.ofSeconds(90),
                null));
    assertThat(c.task("audit").supervision()).isEqualTo(SupervisionSettings.defaults());
  }

  @Test
  void supervisionKeysAreLaidOverTheTasksOwnSupervision() throws IOException {
    ErgonConfiguration c =
        ErgonConfiguration.load(
            ConfigSources.of(
                yaml(
                    """
                    tasks:
                      order-processor:
                        supervision: {check_interval: 2s}
                    """),
                Map.of(),
                Map.of()),
            TASKS);
    TaskConfig code =
        TestTasks.orders()
            .withSupervision(
                dev.ergon.policy.SupervisionPolicy.builder()
                    .unhealthyGrace(Duration.ofSeconds(7))
                    .build());

    TaskConfig config = c.task("order-processor").applyTo(code);

    assertThat(config.supervision().checkInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.supervision().unhealthyGrace()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.task("audit").applyTo(TestTasks.audit()).supervision())
        .isEqualTo(TestTasks.audit().supervision());
  }

  @Test
  void theTelemetrySectionBecomesTheWorkersTelemetryConfig() throws IOException {
    ErgonConfiguration c =
        ErgonConfiguration.load(
            ConfigSources.of(
                yaml(
                    """
                    tasks:
                      order-processor:
                        telemetry:
                          service_name: orders
                          logging: {level: debug, format: json}
                          otlp: {endpoint: "http://collector:4318", protocol: http}
                          tracing: {sampler: parentbased_traceidratio, ratio: 0.25}
                          metrics: {interval: 10s, prometheus: true}
                    """),
                Map.of(),
                Map.of()),
            TASKS);

    dev.ergon.telemetry.TelemetryConfig t = c.task("order-processor").telemetry().orElseThrow();

    assertThat(t.serviceName()).isEqualTo("orders");
    assertThat(t.logging()).isNotNull();
    assertThat(t.logging().handlers())
        .hasSize(2)
        .anySatisfy(h -> assertThat(h).isInstanceOf(dev.ergon.telemetry.LogHandler.Otlp.class));
    assertThat(t.tracing()).isNotNull();
    assertThat(t.metrics()).isNotNull();
    assertThat(t.metrics().prometheus()).isTrue();
    assertThat(t.metrics().readers())
        .singleElement()
        .satisfies(r -> assertThat(r.interval()).isEqualTo(Duration.ofSeconds(10)));
    assertThat(c.task("audit").telemetry()).isEmpty();
  }

  @Test
  void aBadTelemetryKeyOrValueFailsNamingTheKey() throws IOException {
    assertThatThrownBy(
            () ->
                ErgonConfiguration.load(
                    ConfigSources.of(
                        yaml(
                            """
                            tasks:
                              order-processor:
                                telemetry: {otlp: {endpoint: "http://c:4317", protocol: carrier-pigeon}}
                              audit:
                                telemetry: {tracing: {sampeler: always_on}}
                            """),
                        Map.of(),
                        Map.of()),
                    TASKS))
        .hasMessageContaining("tasks.order-processor.telemetry.otlp.protocol")
        .hasMessageContaining("carrier-pigeon")
        .hasMessageContaining("tracing.sampeler");
  }

  @Test
  void aBadSupervisionValueFailsNamingTheKey() {
    assertThatThrownBy(
            () ->
                ErgonConfiguration.load(
                    ConfigSources.of(
                        null,
                        Map.of("ergon.tasks.audit.supervision.check_interval", "0s"),
                        Map.of()),
                    TASKS))
        .hasMessageContaining("tasks.audit.supervision.check_interval")
        .hasMessageContaining("> 0");
  }

  @Test
  void connectorSettingsAreHandedOverFreeFormWithOverrides() throws IOException {
    ErgonConfiguration c =
        ErgonConfiguration.load(
            ConfigSources.of(
                yaml(EXAMPLE),
                Map.of(),
                Map.of("ERGON_TASKS__ORDER_PROCESSOR__CONNECTORS__INPUT__PREFETCH", "50")),
            TASKS);

    assertThat(c.task("order-processor").connector("input"))
        .containsExactly(Map.entry("queue", "orders"), Map.entry("prefetch", "50"));
    assertThat(c.task("order-processor").connector("output")).isEmpty();
  }

  @Test
  void everyConsumerKeyCanBeSet() {
    String prefix = "ergon.tasks.order-processor.policies.consumer.";
    Map<String, String> props =
        Map.ofEntries(
            Map.entry(prefix + "loop.mode", "continuous"),
            Map.entry(prefix + "loop.concurrency.threads", "platform"),
            Map.entry(prefix + "loop.batch.interval", "250ms"),
            Map.entry(prefix + "loop.timeout", "PT2M"),
            Map.entry(prefix + "loop.limit", "100"),
            Map.entry(prefix + "loop.empty_queue.backoff", "0.5"),
            Map.entry(prefix + "loop.empty_queue.backoff_multiplier", "2"),
            Map.entry(prefix + "loop.empty_queue.backoff_cap", "5s"),
            Map.entry(prefix + "fetch.connector_name", "input"),
            Map.entry(prefix + "fetch.retry.max_attempts", "5"),
            Map.entry(prefix + "transaction_runtime.timeout", "none"),
            Map.entry(prefix + "success.retry.timeout", "3s"),
            Map.entry(prefix + "exception.retry.backoff_cap", "1m"),
            Map.entry(prefix + "exception.retry.jitter", "0.25"),
            Map.entry(prefix + "settlement.mode", "manual"),
            Map.entry(prefix + "settlement.on_unhandled", "release"));

    ConsumerPolicy p = consumer(applied(null, props, Map.of()));

    assertThat(p.loop().mode()).isEqualTo(LoopMode.CONTINUOUS);
    assertThat(p.loop().concurrency().threads()).isEqualTo(ThreadKind.PLATFORM);
    assertThat(p.loop().concurrency().value()).isEqualTo(2);
    assertThat(p.loop().batch().interval()).isEqualTo(Duration.ofMillis(250));
    assertThat(p.loop().timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.loop().limit()).isEqualTo(100L);
    assertThat(p.loop().emptyQueue().backoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.loop().emptyQueue().backoffMultiplier()).isEqualTo(2.0);
    assertThat(p.loop().emptyQueue().backoffCap()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.fetch().connectorName()).isEqualTo("input");
    assertThat(p.fetch().retry().maxAttempts()).isEqualTo(5);
    assertThat(p.transactionRuntime().timeout()).isNull();
    assertThat(p.success().retry().timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(p.exception().retry().backoffCap()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.exception().retry().jitter()).isEqualTo(0.25);
    assertThat(p.settlement().mode()).isEqualTo(SettlementMode.MANUAL);
    assertThat(p.settlement().onUnhandled()).isEqualTo(UnhandledAction.RELEASE);
  }

  @Test
  void producerKeysApplyToProducerPolicies() {
    String prefix = "ergon.tasks.order-processor.policies.feeder.";
    ProducerPolicy p =
        (ProducerPolicy)
            applied(
                    null,
                    Map.of(
                        prefix + "loop.batch.size",
                        "100",
                        prefix + "prepare.retry.max_attempts",
                        "2"),
                    Map.of())
                .policies()
                .get(1);

    assertThat(p.loop().batch().size()).isEqualTo(100);
    assertThat(p.prepare().retry().maxAttempts()).isEqualTo(2);
  }

  @Test
  void anUnknownSectionOfATaskFailsListingTheKnownOnes() {
    assertThatThrownBy(
            () ->
                ErgonConfiguration.load(
                    ConfigSources.of(null, Map.of(), Map.of("ERGON_TASKS__AUDIT__POLICY__X", "1")),
                    TASKS))
        .hasMessageContaining("tasks.audit.policy.x")
        .hasMessageContaining(
            "known keys: max_workers, policies, supervision, connectors, services");
  }

  private static final String README_EXAMPLE =
      """
      tasks:
        order-processor:                 # a registered task's name
          max_workers: 2                 # overrides TaskConfig.maxWorkers
          policies:
            consumer:                    # a policy of the task, by name; keys laid over the code's policy
              loop:
                mode: continuous         # batch | continuous
                concurrency: {value: 8, threads: virtual}   # threads: virtual | platform
                batch: {size: 16, interval: 0s}
                streaming: true
                timeout: none            # loop bound; none = unbounded
                limit: none              # transactions in all; none = no limit
                empty_queue: {backoff: 200ms, backoff_multiplier: 2, backoff_cap: 5s}
              fetch:
                connector_name: input
                retry: {max_attempts: 3, backoff: 1s}
              transaction_runtime: {timeout: 60s}          # none = unbounded
              process: {retry: {max_attempts: 3, timeout: 5s, backoff: 1s, backoff_multiplier: 2, backoff_cap: 10s, jitter: 0.1}}
              success: {retry: {max_attempts: 2}}
              exception: {retry: {max_attempts: 2}}
              settlement: {mode: auto, on_unhandled: dead_letter}   # auto | manual; dead_letter | release
            feeder:                      # a producer policy
              loop: {concurrency: {value: 4}, batch: {size: 100}, limit: 1000}
              prepare: {retry: {max_attempts: 3, backoff: 500ms}}
          supervision:                   # liveness supervision, for the runtime
            enabled: true
            check_interval: 10s
            startup_grace: 60s
            unhealthy_grace: 30s
            shutdown_grace: 15s
            fetch_stale_after: none      # none = derived
            processing_stale_after: none
          connectors:                    # free-form, handed to the task's config code (TaskSettings.connector)
            input: {queue: orders, prefetch: 50}
          services:                      # free-form, likewise (TaskSettings.services)
            pricing: {url: "http://pricing:8080"}
      """;

  @Test
  void theReadmeExampleIsValid() throws IOException {
    ErgonConfiguration c =
        ErgonConfiguration.load(ConfigSources.of(yaml(README_EXAMPLE), Map.of(), Map.of()), TASKS);
    TaskConfig config = c.task("order-processor").applyTo(TestTasks.orders());

    assertThat(consumer(config).loop().mode()).isEqualTo(LoopMode.CONTINUOUS);
    assertThat(consumer(config).process().retry().jitter()).isEqualTo(0.1);
    assertThat(((ProducerPolicy) config.policies().get(1)).loop().limit()).isEqualTo(1000L);
    assertThat(c.task("order-processor").services()).containsKey("pricing");
  }

  @Test
  void duplicateYamlKeysAreAnError() throws IOException {
    Path file = yaml("tasks:\n  audit:\n    max_workers: 1\n    max_workers: 2\n");

    assertThatThrownBy(
            () -> ErgonConfiguration.load(ConfigSources.of(file, Map.of(), Map.of()), TASKS))
        .hasMessageContaining("not valid YAML")
        .hasMessageContaining("max_workers");
  }
}
