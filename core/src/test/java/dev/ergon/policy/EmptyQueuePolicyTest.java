package dev.ergon.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmptyQueuePolicyTest {

  @Test
  void defaultPolicyPollsAgainAtOnce() {
    EmptyQueuePolicy policy = EmptyQueuePolicy.defaults();
    assertThat(policy.backoff()).isZero();
    assertThat(policy.backoffMultiplier()).isEqualTo(1.0);
    assertThat(policy.backoffCap()).isNull();
    assertThat(policy.delayAfterEmptyFetches(0)).isZero();
    assertThat(policy.delayAfterEmptyFetches(Integer.MAX_VALUE)).isZero();
  }

  @Test
  void waitGrowsWithConsecutiveEmptyPollsUpToTheCap() {
    EmptyQueuePolicy policy =
        new EmptyQueuePolicy(Duration.ofMillis(200), 2.0, Duration.ofSeconds(1));
    assertThat(policy.delayAfterEmptyFetches(0)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayAfterEmptyFetches(1)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayAfterEmptyFetches(2)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.delayAfterEmptyFetches(3)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfterEmptyFetches(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 5, 20, 1000, Integer.MAX_VALUE})
  void waitFollowsTheBackoffFormula(int n) {
    EmptyQueuePolicy policy = new EmptyQueuePolicy(Duration.ofMillis(100), 1.5, null);
    assertThat(policy.delayAfterEmptyFetches(n))
        .isEqualTo(Backoff.delay(Duration.ofMillis(100), 1.5, null, n));
  }

  @Test
  void cappedWaitIsTheCapNotTheLastPowerBelowIt() {
    EmptyQueuePolicy policy = new EmptyQueuePolicy(Duration.ofSeconds(1), 2, Duration.ofSeconds(5));
    assertThat(policy.delayAfterEmptyFetches(10)).isEqualTo(Duration.ofSeconds(5));
  }
}
