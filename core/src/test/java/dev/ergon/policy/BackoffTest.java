package dev.ergon.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

  private static @Nullable Duration cap(@Nullable String text) {
    return text == null ? null : Duration.parse(text);
  }

  @ParameterizedTest(name = "backoff {0} x {1}^{3}, cap {2} -> {4}")
  @CsvSource({
    "PT1S,   2,   ,       0,  PT1S",
    "PT1S,   2,   ,       1,  PT2S",
    "PT1S,   2,   ,       2,  PT4S",
    "PT1S,   2,   ,       3,  PT8S",
    "PT1S,   2,   ,       4,  PT16S",
    "PT1S,   2,   PT8S,   3,  PT8S",
    "PT1S,   2,   PT8S,   4,  PT8S",
    "PT1S,   2,   PT0.5S, 0,  PT0.5S",
    "PT3S,   2,   PT3S,   0,  PT3S",
    "PT3S,   2,   PT3S,   7,  PT3S",
    "PT0S,   2,   ,       0,  PT0S",
    "PT0S,   7.5, PT9S,   12, PT0S",
    "PT0.1S, 2,   ,       3,  PT0.8S",
    "PT10S,  1.5, ,       2,  PT22.5S",
    "PT1S,   2,   ,       20, PT1048576S",
  })
  void followsTheOriginalsTable(
      String initial, double multiplier, @Nullable String cap, int n, String expected) {
    assertThat(Backoff.delay(Duration.parse(initial), multiplier, cap(cap), n))
        .isEqualTo(Duration.parse(expected));
  }

  @Test
  void cappedDelayIsTheCapNotTheLastPowerBelowIt() {
    // The original clamps the exponent to floor(log2(cap / backoff)) and would give 4 s here;
    // ours is the documented "capped at backoff_cap": min(delay, cap).
    assertThat(Backoff.delay(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), 10))
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void hugeRetryIndexSaturatesAtTheCapWithoutOverflow() {
    assertThat(Backoff.delay(Duration.ofSeconds(1), 2, Duration.ofMinutes(1), Integer.MAX_VALUE))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void hugeRetryIndexWithoutCapSaturatesAtTheMaximumDelay() {
    assertThat(Backoff.delay(Duration.ofSeconds(1), 2, null, Integer.MAX_VALUE))
        .isEqualTo(Backoff.MAX_DELAY);
    assertThat(Backoff.delay(Duration.ofDays(400), 1, null, 0)).isEqualTo(Backoff.MAX_DELAY);
  }

  @Test
  void multiplierOneKeepsTheDelayConstantForAnyIndex() {
    assertThat(Backoff.delay(Duration.ofSeconds(2), 1, null, Integer.MAX_VALUE))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void multiplierZeroGivesTheBackoffOnceThenNothing() {
    Duration backoff = Duration.ofSeconds(1);
    assertThat(Backoff.delay(backoff, 0, null, 0)).isEqualTo(backoff);
    assertThat(Backoff.delay(backoff, 0, null, 1)).isZero();
    assertThat(Backoff.delay(backoff, 0, null, Integer.MAX_VALUE)).isZero();
  }

  @Test
  void multiplierBelowOneDecays() {
    Duration backoff = Duration.ofSeconds(1);
    assertThat(Backoff.delay(backoff, 0.5, null, 0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.delay(backoff, 0.5, null, 1)).isEqualTo(Duration.ofMillis(500));
    assertThat(Backoff.delay(backoff, 0.5, null, 2)).isEqualTo(Duration.ofMillis(250));
    assertThat(Backoff.delay(backoff, 0.5, null, Integer.MAX_VALUE)).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE})
  void negativeRetryIndexIsRejected(int n) {
    assertThatThrownBy(() -> Backoff.delay(Duration.ofSeconds(1), 2, null, n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry index must be >= 0 but was " + n);
  }

  @Test
  void retryPolicyDelayUsesTheSameFormula() {
    RetryPolicy retry =
        RetryPolicy.builder()
            .backoff(Duration.ofSeconds(1))
            .backoffMultiplier(2)
            .backoffCap(Duration.ofSeconds(5))
            .build();
    assertThat(retry.delayBeforeRetry(2)).isEqualTo(Duration.ofSeconds(4));
    assertThat(retry.delayBeforeRetry(10)).isEqualTo(Duration.ofSeconds(5));
  }
}
