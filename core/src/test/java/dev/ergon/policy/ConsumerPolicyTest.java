package dev.ergon.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConsumerPolicyTest {

  private static final Duration MINUS_ONE = Duration.ofSeconds(-1);

  @Test
  void defaultsAreTheDocumentedDefaults() {
    ConsumerPolicy policy = ConsumerPolicy.defaults("orders");

    assertThat(policy.name()).isEqualTo("orders");
    assertThat(policy.loop().mode()).isEqualTo(LoopMode.BATCH);
    assertThat(policy.loop().concurrency().value()).isEqualTo(1);
    assertThat(policy.loop().concurrency().threads()).isEqualTo(ThreadKind.VIRTUAL);
    assertThat(policy.loop().batch().size()).isEqualTo(1);
    assertThat(policy.loop().batch().interval()).isZero();
    assertThat(policy.loop().streaming()).isFalse();
    assertThat(policy.loop().timeout()).isNull();
    assertThat(policy.loop().limit()).isNull();
    assertThat(policy.loop().emptyQueue().backoff()).isZero();
    assertThat(policy.loop().emptyQueue().backoffMultiplier()).isEqualTo(1.0);
    assertThat(policy.loop().emptyQueue().backoffCap()).isNull();
    assertThat(policy.fetch().retry()).isEqualTo(RetryPolicy.defaults());
    assertThat(policy.fetch().connectorName()).isNull();
    assertThat(policy.transactionRuntime().timeout()).isEqualTo(Duration.ofSeconds(60));
    for (PhasePolicy phase :
        new PhasePolicy[] {policy.process(), policy.success(), policy.exception()}) {
      assertThat(phase.retry().maxAttempts()).isEqualTo(1);
      assertThat(phase.retry().timeout()).isNull();
      assertThat(phase.retry().backoff()).isZero();
      assertThat(phase.retry().backoffMultiplier()).isEqualTo(1.0);
      assertThat(phase.retry().backoffCap()).isNull();
      assertThat(phase.retry().jitter()).isZero();
    }
    assertThat(policy.settlement().mode()).isEqualTo(SettlementMode.AUTO);
    assertThat(policy.settlement().onUnhandled()).isEqualTo(UnhandledAction.DEAD_LETTER);
    assertThat(policy).isInstanceOf(Policy.class);
  }

  @Test
  void defaultsEqualTheDefaultsOfEveryPart() {
    assertThat(ConsumerPolicy.defaults("orders"))
        .isEqualTo(
            new ConsumerPolicy(
                "orders",
                ConsumerLoopPolicy.defaults(),
                FetchPolicy.defaults(),
                TransactionRuntimePolicy.defaults(),
                PhasePolicy.defaults(),
                PhasePolicy.defaults(),
                PhasePolicy.defaults(),
                SettlementPolicy.defaults()));
  }

  @Test
  void builderSetsEveryField() {
    RetryPolicy three = RetryPolicy.builder().maxAttempts(3).build();
    ConsumerPolicy policy = everythingChanged();

    assertThat(policy.name()).isEqualTo("orders");
    assertThat(policy.loop())
        .isEqualTo(
            new ConsumerLoopPolicy(
                LoopMode.CONTINUOUS,
                new ConcurrencyPolicy(8, ThreadKind.PLATFORM),
                new BatchPolicy(10, Duration.ofMillis(50)),
                true,
                Duration.ofMinutes(5),
                100L,
                new EmptyQueuePolicy(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5))));
    assertThat(policy.fetch()).isEqualTo(new FetchPolicy(three, "rabbit"));
    assertThat(policy.transactionRuntime().timeout()).isNull();
    assertThat(policy.process().retry()).isEqualTo(three);
    assertThat(policy.success().retry().maxAttempts()).isEqualTo(2);
    assertThat(policy.exception().retry().maxAttempts()).isEqualTo(4);
    assertThat(policy.settlement())
        .isEqualTo(new SettlementPolicy(SettlementMode.MANUAL, UnhandledAction.RELEASE));
  }

  @Test
  void toBuilderThenBuildRoundTrips() {
    ConsumerPolicy policy = everythingChanged();
    assertThat(policy.toBuilder().build()).isEqualTo(policy);
    assertThat(policy.toBuilder().name("other").build().name()).isEqualTo("other");
    assertThat(ConsumerPolicy.defaults("c").toBuilder().build())
        .isEqualTo(ConsumerPolicy.defaults("c"));
  }

  @Test
  void toBuilderChangesOnlyWhatIsSet() {
    ConsumerPolicy policy = everythingChanged();
    ConsumerPolicy changed = policy.toBuilder().concurrency(2).build();
    assertThat(changed.loop().concurrency())
        .isEqualTo(new ConcurrencyPolicy(2, ThreadKind.PLATFORM));
    assertThat(changed.loop().withConcurrency(policy.loop().concurrency()))
        .isEqualTo(policy.loop());
    assertThat(changed.fetch()).isEqualTo(policy.fetch());
  }

  @Test
  void policiesWithEqualFieldsAreEqual() {
    assertThat(everythingChanged()).isEqualTo(everythingChanged());
    assertThat(everythingChanged()).hasSameHashCodeAs(everythingChanged());
    assertThat(everythingChanged().toBuilder().limit(99).build()).isNotEqualTo(everythingChanged());
    assertThat(ConsumerPolicy.defaults("a")).isNotEqualTo(ConsumerPolicy.defaults("b"));
  }

  @Test
  void limitZeroIsLegalAndTakesNothing() {
    assertThat(ConsumerPolicy.builder("c").limit(0).build().loop().limit()).isZero();
    assertThat(ConsumerPolicy.builder("c").limit(5).limit(null).build().loop().limit()).isNull();
  }

  @Test
  void runtimeTimeoutCanBeDisabled() {
    assertThat(ConsumerPolicy.builder("c").runtimeTimeout(null).build().transactionRuntime())
        .isEqualTo(new TransactionRuntimePolicy(null));
  }

  @Test
  void wholeRecordSettersReplaceTheirPart() {
    ConsumerLoopPolicy loop = ConsumerLoopPolicy.defaults().withStreaming(true);
    FetchPolicy fetch = FetchPolicy.defaults().withConnectorName("sqs");
    TransactionRuntimePolicy runtime = new TransactionRuntimePolicy(Duration.ofSeconds(5));
    ConsumerPolicy policy =
        ConsumerPolicy.builder("c").loop(loop).fetch(fetch).transactionRuntime(runtime).build();
    assertThat(policy.loop()).isEqualTo(loop);
    assertThat(policy.fetch()).isEqualTo(fetch);
    assertThat(policy.transactionRuntime()).isEqualTo(runtime);
  }

  static Stream<Arguments> builderRejections() {
    return Stream.of(
        rejects("name", b -> b.name(" "), "name must be non-blank but was  "),
        rejects("null name", b -> b.name(null), "name must be non-blank but was null"),
        rejects("mode", b -> b.mode(null), "loop.mode must be set but was null"),
        rejects(
            "concurrency", b -> b.concurrency(0), "loop.concurrency.value must be >= 1 but was 0"),
        rejects(
            "negative concurrency",
            b -> b.concurrency(-3),
            "loop.concurrency.value must be >= 1 but was -3"),
        rejects(
            "threads", b -> b.threads(null), "loop.concurrency.threads must be set but was null"),
        rejects("batch size", b -> b.batchSize(0), "loop.batch.size must be >= 1 but was 0"),
        rejects(
            "batch interval",
            b -> b.batchInterval(MINUS_ONE),
            "loop.batch.interval must be >= 0 but was PT-1S"),
        rejects(
            "null batch interval",
            b -> b.batchInterval(null),
            "loop.batch.interval must be >= 0 but was null"),
        rejects(
            "zero loop timeout",
            b -> b.loopTimeout(Duration.ZERO),
            "loop.timeout must be > 0 (or absent for no timeout) but was PT0S"),
        rejects(
            "negative loop timeout",
            b -> b.loopTimeout(MINUS_ONE),
            "loop.timeout must be > 0 (or absent for no timeout) but was PT-1S"),
        rejects(
            "limit",
            b -> b.limit(-1),
            "loop.limit must be >= 0 (or absent for no limit) but was -1"),
        rejects(
            "boxed limit",
            b -> b.limit(Long.valueOf(-2)),
            "loop.limit must be >= 0 (or absent for no limit) but was -2"),
        rejects(
            "empty queue", b -> b.emptyQueue(null), "loop.empty_queue must be set but was null"),
        rejects(
            "empty-queue backoff",
            b -> b.emptyQueueBackoff(MINUS_ONE, 1, null),
            "loop.empty_queue.backoff must be >= 0 but was PT-1S"),
        rejects(
            "empty-queue multiplier",
            b -> b.emptyQueueBackoff(Duration.ZERO, -0.5, null),
            "loop.empty_queue.backoff_multiplier must be >= 0 but was -0.5"),
        rejects(
            "NaN empty-queue multiplier",
            b -> b.emptyQueueBackoff(Duration.ZERO, Double.NaN, null),
            "loop.empty_queue.backoff_multiplier must be >= 0 but was NaN"),
        rejects(
            "infinite empty-queue multiplier",
            b -> b.emptyQueueBackoff(Duration.ZERO, Double.POSITIVE_INFINITY, null),
            "loop.empty_queue.backoff_multiplier must be >= 0 but was Infinity"),
        rejects(
            "empty-queue cap",
            b -> b.emptyQueueBackoff(Duration.ZERO, 1, Duration.ZERO),
            "loop.empty_queue.backoff_cap must be > 0 (or absent for none) but was PT0S"),
        rejects("loop", b -> b.loop(null), "loop must be set but was null"),
        rejects("fetch", b -> b.fetch(null), "fetch must be set but was null"),
        rejects("fetch retry", b -> b.fetchRetry(null), "fetch.retry must be set but was null"),
        rejects(
            "fetch connector",
            b -> b.fetchConnector(" "),
            "fetch.connector_name must be non-blank (or absent for the only connector) but was  "),
        rejects(
            "runtime",
            b -> b.transactionRuntime(null),
            "transaction_runtime must be set but was null"),
        rejects(
            "zero runtime timeout",
            b -> b.runtimeTimeout(Duration.ZERO),
            "transaction_runtime.timeout must be > 0 (omit it for no timeout) but was PT0S"),
        rejects(
            "negative runtime timeout",
            b -> b.runtimeTimeout(MINUS_ONE),
            "transaction_runtime.timeout must be > 0 (omit it for no timeout) but was PT-1S"),
        rejects(
            "process retry", b -> b.processRetry(null), "process.retry must be set but was null"),
        rejects(
            "success retry", b -> b.successRetry(null), "success.retry must be set but was null"),
        rejects(
            "exception retry",
            b -> b.exceptionRetry(null),
            "exception.retry must be set but was null"),
        rejects("settlement", b -> b.settlement(null), "settlement must be set but was null"),
        rejects(
            "settlement mode",
            b -> b.settlementMode(null),
            "settlement.mode must be set but was null"),
        rejects(
            "on unhandled",
            b -> b.onUnhandled(null),
            "settlement.on_unhandled must be set but was null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builderRejections")
  void builderRejectsAnInvalidValueAtOnceNamingTheFullKeyPath(
      String field, Consumer<ConsumerPolicy.Builder> set, String message) {
    ConsumerPolicy.Builder builder = ConsumerPolicy.builder("c");
    assertThatThrownBy(() -> set.accept(builder))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(message);
    assertThat(builder.build()).isEqualTo(ConsumerPolicy.defaults("c"));
  }

  @Test
  void builderErrorCarriesTheFullPath() {
    assertThatThrownBy(() -> ConsumerPolicy.builder("c").concurrency(0))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.path()).isEqualTo("loop.concurrency.value"));
  }

  @Test
  void blankNameIsRejectedWhenTheBuilderIsCreated() {
    assertThatThrownBy(() -> ConsumerPolicy.builder(""))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("name must be non-blank but was ");
    assertThatThrownBy(() -> ConsumerPolicy.defaults(null))
        .hasMessage("name must be non-blank but was null");
  }

  @Test
  void retryPoliciesAreValidatedWhereTheyAreBuilt() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("retry.max_attempts must be >= 1 but was 0");
  }

  @Test
  void constructorRejectsABlankNameAndMissingParts() {
    ConsumerPolicy d = ConsumerPolicy.defaults("c");
    assertThatThrownBy(
            () ->
                new ConsumerPolicy(
                    "  ",
                    d.loop(),
                    d.fetch(),
                    d.transactionRuntime(),
                    d.process(),
                    d.success(),
                    d.exception(),
                    d.settlement()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("name must be non-blank but was   ");
    assertThatThrownBy(
            () ->
                new ConsumerPolicy(
                    "c",
                    d.loop(),
                    d.fetch(),
                    d.transactionRuntime(),
                    null,
                    d.success(),
                    d.exception(),
                    d.settlement()))
        .hasMessage("process must be set but was null");
    assertThatThrownBy(
            () ->
                new ConsumerPolicy(
                    "c",
                    d.loop(),
                    d.fetch(),
                    d.transactionRuntime(),
                    d.process(),
                    d.success(),
                    d.exception(),
                    null))
        .hasMessage("settlement must be set but was null");
  }

  private static Arguments rejects(
      String field, Consumer<ConsumerPolicy.Builder> set, String message) {
    return Arguments.of(field, set, message);
  }

  private static ConsumerPolicy everythingChanged() {
    RetryPolicy three = RetryPolicy.builder().maxAttempts(3).build();
    return ConsumerPolicy.builder("orders")
        .mode(LoopMode.CONTINUOUS)
        .concurrency(8)
        .threads(ThreadKind.PLATFORM)
        .batchSize(10)
        .batchInterval(Duration.ofMillis(50))
        .streaming(true)
        .loopTimeout(Duration.ofMinutes(5))
        .limit(100)
        .emptyQueueBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5))
        .fetchRetry(three)
        .fetchConnector("rabbit")
        .runtimeTimeout(null)
        .processRetry(three)
        .successRetry(RetryPolicy.builder().maxAttempts(2).build())
        .exceptionRetry(RetryPolicy.builder().maxAttempts(4).build())
        .settlementMode(SettlementMode.MANUAL)
        .onUnhandled(UnhandledAction.RELEASE)
        .build();
  }
}
