package dev.ergon.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.ConfigurationException;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parts of a policy, constructed directly: their errors name their own key path. */
class NestedPoliciesTest {

  private static final Duration ZERO = Duration.ZERO;
  private static final Duration MINUS_ONE = Duration.ofSeconds(-1);

  @Test
  void everyPartHasTheDocumentedDefaults() {
    assertThat(ConcurrencyPolicy.defaults())
        .isEqualTo(new ConcurrencyPolicy(1, ThreadKind.VIRTUAL));
    assertThat(BatchPolicy.defaults()).isEqualTo(new BatchPolicy(1, ZERO));
    assertThat(EmptyQueuePolicy.defaults()).isEqualTo(new EmptyQueuePolicy(ZERO, 1.0, null));
    assertThat(FetchPolicy.defaults()).isEqualTo(new FetchPolicy(RetryPolicy.defaults(), null));
    assertThat(TransactionRuntimePolicy.defaults().timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(TransactionRuntimePolicy.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
    assertThat(PhasePolicy.defaults()).isEqualTo(new PhasePolicy(RetryPolicy.defaults()));
    assertThat(SettlementPolicy.defaults())
        .isEqualTo(new SettlementPolicy(SettlementMode.AUTO, UnhandledAction.DEAD_LETTER));
    assertThat(ConsumerLoopPolicy.defaults())
        .isEqualTo(
            new ConsumerLoopPolicy(
                LoopMode.BATCH,
                ConcurrencyPolicy.defaults(),
                BatchPolicy.defaults(),
                false,
                null,
                null,
                EmptyQueuePolicy.defaults()));
    assertThat(ProducerLoopPolicy.defaults())
        .isEqualTo(
            new ProducerLoopPolicy(
                ConcurrencyPolicy.defaults(), BatchPolicy.defaults(), null, null));
  }

  static Stream<Arguments> constructorRejections() {
    ConcurrencyPolicy c = ConcurrencyPolicy.defaults();
    BatchPolicy b = BatchPolicy.defaults();
    EmptyQueuePolicy e = EmptyQueuePolicy.defaults();
    return Stream.of(
        rejects(
            () -> new ConcurrencyPolicy(0, ThreadKind.VIRTUAL),
            "concurrency.value must be >= 1 but was 0"),
        rejects(
            () -> new ConcurrencyPolicy(1, null), "concurrency.threads must be set but was null"),
        rejects(() -> c.withValue(-1), "concurrency.value must be >= 1 but was -1"),
        rejects(() -> new BatchPolicy(0, ZERO), "batch.size must be >= 1 but was 0"),
        rejects(() -> b.withInterval(MINUS_ONE), "batch.interval must be >= 0 but was PT-1S"),
        rejects(
            () -> new EmptyQueuePolicy(MINUS_ONE, 1, null),
            "empty_queue.backoff must be >= 0 but was PT-1S"),
        rejects(
            () -> new EmptyQueuePolicy(ZERO, -1, null),
            "empty_queue.backoff_multiplier must be >= 0 but was -1.0"),
        rejects(
            () -> new EmptyQueuePolicy(ZERO, 1, MINUS_ONE),
            "empty_queue.backoff_cap must be > 0 (or absent for none) but was PT-1S"),
        rejects(
            () -> new ConsumerLoopPolicy(null, c, b, false, null, null, e),
            "loop.mode must be set but was null"),
        rejects(
            () -> new ConsumerLoopPolicy(LoopMode.BATCH, null, b, false, null, null, e),
            "loop.concurrency must be set but was null"),
        rejects(
            () -> new ConsumerLoopPolicy(LoopMode.BATCH, c, null, false, null, null, e),
            "loop.batch must be set but was null"),
        rejects(
            () -> new ConsumerLoopPolicy(LoopMode.BATCH, c, b, false, ZERO, null, e),
            "loop.timeout must be > 0 (or absent for no timeout) but was PT0S"),
        rejects(
            () -> new ConsumerLoopPolicy(LoopMode.BATCH, c, b, false, null, -1L, e),
            "loop.limit must be >= 0 (or absent for no limit) but was -1"),
        rejects(
            () -> new ConsumerLoopPolicy(LoopMode.BATCH, c, b, false, null, null, null),
            "loop.empty_queue must be set but was null"),
        rejects(
            () -> ConsumerLoopPolicy.defaults().withLimit(Long.MIN_VALUE),
            "loop.limit must be >= 0 (or absent for no limit) but was " + Long.MIN_VALUE),
        rejects(
            () -> new ProducerLoopPolicy(c, b, MINUS_ONE, null),
            "loop.timeout must be > 0 (or absent for no timeout) but was PT-1S"),
        rejects(
            () -> new ProducerLoopPolicy(c, b, null, -5L),
            "loop.limit must be >= 0 (or absent for no limit) but was -5"),
        rejects(
            () -> new ProducerLoopPolicy(null, b, null, null),
            "loop.concurrency must be set but was null"),
        rejects(() -> new FetchPolicy(null, null), "fetch.retry must be set but was null"),
        rejects(
            () -> new FetchPolicy(RetryPolicy.defaults(), ""),
            "fetch.connector_name must be non-blank (or absent for the only connector) but was "),
        rejects(
            () -> new TransactionRuntimePolicy(ZERO),
            "transaction_runtime.timeout must be > 0 (omit it for no timeout) but was PT0S"),
        rejects(() -> new PhasePolicy(null), "retry must be set but was null"),
        rejects(
            () -> new SettlementPolicy(null, UnhandledAction.RELEASE),
            "settlement.mode must be set but was null"),
        rejects(
            () -> new SettlementPolicy(SettlementMode.MANUAL, null),
            "settlement.on_unhandled must be set but was null"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("constructorRejections")
  void constructorRejectsAnInvalidValueNamingItsOwnKeyPath(
      Supplier<Object> construct, String message) {
    assertThatThrownBy(construct::get)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(message);
  }

  @Test
  void legalEdgeValuesAreAccepted() {
    assertThat(
            new ConsumerLoopPolicy(
                    LoopMode.CONTINUOUS,
                    ConcurrencyPolicy.defaults(),
                    BatchPolicy.defaults(),
                    true,
                    Duration.ofNanos(1),
                    0L,
                    new EmptyQueuePolicy(ZERO, 0, Duration.ofNanos(1)))
                .limit())
        .isZero();
    assertThat(new TransactionRuntimePolicy(null).timeout()).isNull();
    assertThat(new FetchPolicy(RetryPolicy.defaults(), "rabbit").connectorName())
        .isEqualTo("rabbit");
  }

  @Test
  void copiesChangeOnlyTheirField() {
    ConsumerLoopPolicy loop = ConsumerLoopPolicy.defaults();
    assertThat(loop.withMode(LoopMode.CONTINUOUS).mode()).isEqualTo(LoopMode.CONTINUOUS);
    assertThat(loop.withMode(LoopMode.CONTINUOUS).withMode(LoopMode.BATCH)).isEqualTo(loop);
    assertThat(loop.withStreaming(true).withTimeout(Duration.ofSeconds(1)).withLimit(3L))
        .isEqualTo(
            new ConsumerLoopPolicy(
                LoopMode.BATCH,
                ConcurrencyPolicy.defaults(),
                BatchPolicy.defaults(),
                true,
                Duration.ofSeconds(1),
                3L,
                EmptyQueuePolicy.defaults()));
    assertThat(SettlementPolicy.defaults().withMode(SettlementMode.MANUAL).onUnhandled())
        .isEqualTo(UnhandledAction.DEAD_LETTER);
    assertThat(ConcurrencyPolicy.defaults().withThreads(ThreadKind.PLATFORM).value()).isEqualTo(1);
    assertThat(BatchPolicy.defaults().withSize(5).interval()).isZero();
  }

  @Test
  void partsWithEqualFieldsAreEqual() {
    assertThat(new EmptyQueuePolicy(Duration.ofSeconds(1), 2, null))
        .isEqualTo(new EmptyQueuePolicy(Duration.ofMillis(1000), 2.0, null))
        .hasSameHashCodeAs(new EmptyQueuePolicy(Duration.ofMillis(1000), 2.0, null))
        .isNotEqualTo(new EmptyQueuePolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(9)));
    assertThat(new BatchPolicy(3, ZERO)).isEqualTo(new BatchPolicy(3, Duration.ofMillis(0)));
  }

  private static Arguments rejects(Supplier<Object> construct, String message) {
    return Arguments.of(construct, message);
  }
}
