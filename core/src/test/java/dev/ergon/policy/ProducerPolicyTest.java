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

class ProducerPolicyTest {

  @Test
  void defaultsAreTheDocumentedDefaults() {
    ProducerPolicy policy = ProducerPolicy.defaults("invoices");

    assertThat(policy.name()).isEqualTo("invoices");
    assertThat(policy.loop().concurrency().value()).isEqualTo(1);
    assertThat(policy.loop().concurrency().threads()).isEqualTo(ThreadKind.VIRTUAL);
    assertThat(policy.loop().batch().size()).isEqualTo(1);
    assertThat(policy.loop().batch().interval()).isZero();
    assertThat(policy.loop().timeout()).isNull();
    assertThat(policy.loop().limit()).isNull();
    assertThat(policy.transactionRuntime().timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.prepare().retry()).isEqualTo(RetryPolicy.defaults());
    assertThat(policy.success().retry()).isEqualTo(RetryPolicy.defaults());
    assertThat(policy.exception().retry()).isEqualTo(RetryPolicy.defaults());
    assertThat(RetryPolicy.defaults().maxAttempts()).isEqualTo(1);
    assertThat(policy).isInstanceOf(Policy.class);
    assertThat(policy)
        .isEqualTo(
            new ProducerPolicy(
                "invoices",
                ProducerLoopPolicy.defaults(),
                TransactionRuntimePolicy.defaults(),
                PhasePolicy.defaults(),
                PhasePolicy.defaults(),
                PhasePolicy.defaults()));
  }

  @Test
  void builderSetsEveryField() {
    ProducerPolicy policy = everythingChanged();
    assertThat(policy.loop())
        .isEqualTo(
            new ProducerLoopPolicy(
                new ConcurrencyPolicy(4, ThreadKind.PLATFORM),
                new BatchPolicy(100, Duration.ofSeconds(1)),
                Duration.ofMinutes(1),
                1_000L));
    assertThat(policy.transactionRuntime().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.prepare().retry().maxAttempts()).isEqualTo(3);
    assertThat(policy.success().retry().maxAttempts()).isEqualTo(2);
    assertThat(policy.exception().retry().maxAttempts()).isEqualTo(4);
  }

  @Test
  void toBuilderThenBuildRoundTrips() {
    assertThat(everythingChanged().toBuilder().build()).isEqualTo(everythingChanged());
    assertThat(everythingChanged()).hasSameHashCodeAs(everythingChanged());
    assertThat(everythingChanged().toBuilder().name("other").build().name()).isEqualTo("other");
  }

  @Test
  void wholeRecordSettersReplaceTheirPart() {
    ProducerLoopPolicy loop = ProducerLoopPolicy.defaults().withLimit(0L);
    ProducerPolicy policy =
        ProducerPolicy.builder("p")
            .loop(loop)
            .transactionRuntime(new TransactionRuntimePolicy(null))
            .build();
    assertThat(policy.loop()).isEqualTo(loop);
    assertThat(policy.transactionRuntime().timeout()).isNull();
  }

  static Stream<Arguments> builderRejections() {
    return Stream.of(
        Arguments.of(
            "concurrency",
            (Consumer<ProducerPolicy.Builder>) b -> b.concurrency(0),
            "loop.concurrency.value must be >= 1 but was 0"),
        Arguments.of(
            "threads",
            (Consumer<ProducerPolicy.Builder>) b -> b.threads(null),
            "loop.concurrency.threads must be set but was null"),
        Arguments.of(
            "batch size",
            (Consumer<ProducerPolicy.Builder>) b -> b.batchSize(0),
            "loop.batch.size must be >= 1 but was 0"),
        Arguments.of(
            "batch interval",
            (Consumer<ProducerPolicy.Builder>) b -> b.batchInterval(Duration.ofMillis(-1)),
            "loop.batch.interval must be >= 0 but was PT-0.001S"),
        Arguments.of(
            "loop timeout",
            (Consumer<ProducerPolicy.Builder>) b -> b.loopTimeout(Duration.ZERO),
            "loop.timeout must be > 0 (or absent for no timeout) but was PT0S"),
        Arguments.of(
            "limit",
            (Consumer<ProducerPolicy.Builder>) b -> b.limit(-1),
            "loop.limit must be >= 0 (or absent for no limit) but was -1"),
        Arguments.of(
            "runtime timeout",
            (Consumer<ProducerPolicy.Builder>) b -> b.runtimeTimeout(Duration.ZERO),
            "transaction_runtime.timeout must be > 0 (omit it for no timeout) but was PT0S"),
        Arguments.of(
            "prepare retry",
            (Consumer<ProducerPolicy.Builder>) b -> b.prepareRetry(null),
            "prepare.retry must be set but was null"),
        Arguments.of(
            "success retry",
            (Consumer<ProducerPolicy.Builder>) b -> b.successRetry(null),
            "success.retry must be set but was null"),
        Arguments.of(
            "exception retry",
            (Consumer<ProducerPolicy.Builder>) b -> b.exceptionRetry(null),
            "exception.retry must be set but was null"),
        Arguments.of(
            "loop",
            (Consumer<ProducerPolicy.Builder>) b -> b.loop(null),
            "loop must be set but was null"),
        Arguments.of(
            "name",
            (Consumer<ProducerPolicy.Builder>) b -> b.name(""),
            "name must be non-blank but was "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builderRejections")
  void builderRejectsAnInvalidValueAtOnceNamingTheFullKeyPath(
      String field, Consumer<ProducerPolicy.Builder> set, String message) {
    ProducerPolicy.Builder builder = ProducerPolicy.builder("p");
    assertThatThrownBy(() -> set.accept(builder))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(message);
    assertThat(builder.build()).isEqualTo(ProducerPolicy.defaults("p"));
  }

  @Test
  void constructorRejectsABlankNameAndMissingParts() {
    ProducerPolicy d = ProducerPolicy.defaults("p");
    assertThatThrownBy(
            () ->
                new ProducerPolicy(
                    "", d.loop(), d.transactionRuntime(), d.prepare(), d.success(), d.exception()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("name must be non-blank but was ");
    assertThatThrownBy(
            () -> new ProducerPolicy("p", d.loop(), null, d.prepare(), d.success(), d.exception()))
        .hasMessage("transaction_runtime must be set but was null");
    assertThatThrownBy(() -> ProducerPolicy.builder(" "))
        .hasMessage("name must be non-blank but was  ");
  }

  private static ProducerPolicy everythingChanged() {
    return ProducerPolicy.builder("invoices")
        .concurrency(4)
        .threads(ThreadKind.PLATFORM)
        .batchSize(100)
        .batchInterval(Duration.ofSeconds(1))
        .loopTimeout(Duration.ofMinutes(1))
        .limit(1_000)
        .runtimeTimeout(Duration.ofSeconds(5))
        .prepareRetry(RetryPolicy.builder().maxAttempts(3).build())
        .successRetry(RetryPolicy.builder().maxAttempts(2).build())
        .exceptionRetry(RetryPolicy.builder().maxAttempts(4).build())
        .build();
  }
}
