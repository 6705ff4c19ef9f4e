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

class RetryPolicyTest {

  @Test
  void defaultsAreOneAttemptWithoutTimeoutOrBackoff() {
    assertThat(RetryPolicy.defaults())
        .isEqualTo(new RetryPolicy(1, null, Duration.ZERO, 1.0, null, 0.0))
        .isEqualTo(RetryPolicy.builder().build());
  }

  @Test
  void toBuilderThenBuildRoundTrips() {
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(3)
            .timeout(Duration.ofSeconds(5))
            .backoff(Duration.ofSeconds(1))
            .backoffMultiplier(2)
            .backoffCap(Duration.ofSeconds(10))
            .jitter(0.25)
            .build();
    assertThat(retry.toBuilder().build()).isEqualTo(retry).hasSameHashCodeAs(retry);
  }

  static Stream<Arguments> rejections() {
    Duration zero = Duration.ZERO;
    Duration minusOne = Duration.ofSeconds(-1);
    return Stream.of(
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.maxAttempts(0),
            "retry.max_attempts must be >= 1 but was 0"),
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.timeout(zero),
            "retry.timeout must be > 0 (or absent for no timeout) but was PT0S"),
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.backoff(minusOne),
            "retry.backoff must be >= 0 but was PT-1S"),
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.backoffMultiplier(-1),
            "retry.backoff_multiplier must be >= 0 but was -1.0"),
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.backoffMultiplier(Double.NaN),
            "retry.backoff_multiplier must be >= 0 but was NaN"),
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.backoffMultiplier(Double.POSITIVE_INFINITY),
            "retry.backoff_multiplier must be >= 0 but was Infinity"),
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.backoffCap(zero),
            "retry.backoff_cap must be > 0 (or absent for none) but was PT0S"),
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.jitter(1.5),
            "retry.jitter must be between 0 and 1 but was 1.5"),
        Arguments.of(
            (Consumer<RetryPolicy.Builder>) b -> b.jitter(-0.1),
            "retry.jitter must be between 0 and 1 but was -0.1"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rejections")
  void builderRejectsAnInvalidValueNamingTheKey(Consumer<RetryPolicy.Builder> set, String message) {
    assertThatThrownBy(() -> set.accept(RetryPolicy.builder()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(message);
  }

  @Test
  void constructorRejectsEveryInvalidField() {
    Duration zero = Duration.ZERO;
    assertThatThrownBy(() -> new RetryPolicy(0, null, zero, 1, null, 0))
        .hasMessage("retry.max_attempts must be >= 1 but was 0");
    assertThatThrownBy(() -> new RetryPolicy(1, zero, zero, 1, null, 0))
        .hasMessage("retry.timeout must be > 0 (or absent for no timeout) but was PT0S");
    assertThatThrownBy(() -> new RetryPolicy(1, null, null, 1, null, 0))
        .hasMessage("retry.backoff must be >= 0 but was null");
    assertThatThrownBy(() -> new RetryPolicy(1, null, zero, -1, null, 0))
        .hasMessage("retry.backoff_multiplier must be >= 0 but was -1.0");
    assertThatThrownBy(() -> new RetryPolicy(1, null, zero, 1, zero, 0))
        .hasMessage("retry.backoff_cap must be > 0 (or absent for none) but was PT0S");
    assertThatThrownBy(() -> new RetryPolicy(1, null, zero, 1, null, 2))
        .hasMessage("retry.jitter must be between 0 and 1 but was 2.0");
  }

  @Test
  void phaseRetryErrorNamesThePhaseWhenPlacedUnderIt() {
    ConfigurationException e = new ConfigurationException("retry.max_attempts", 0, ">= 1");
    assertThat(e.under("process"))
        .hasMessage("process.retry.max_attempts must be >= 1 but was 0")
        .extracting(ConfigurationException::path)
        .isEqualTo("process.retry.max_attempts");
  }
}
