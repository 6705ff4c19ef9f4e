package dev.ergon.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JitterTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void theLowestPickIsTheDelayTimesOneMinusJitter() {
    assertThat(Jitter.apply(SECOND, 0.2, 0.0, null)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void theMiddlePickIsTheDelayItself() {
    assertThat(Jitter.apply(SECOND, 0.2, 0.5, null)).isEqualTo(SECOND);
  }

  @Test
  void theHighestPickApproachesTheDelayTimesOnePlusJitter() {
    assertThat(Jitter.apply(SECOND, 0.2, 1.0, null)).isEqualTo(Duration.ofMillis(1200));
  }

  @Test
  void aPickAboveTheCapIsCapped() {
    assertThat(Jitter.apply(SECOND, 1.0, 0.9, Duration.ofMillis(1500)))
        .isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void picksOutsideTheUnitRangeAreClamped() {
    assertThat(Jitter.apply(SECOND, 0.5, -3, null)).isEqualTo(Duration.ofMillis(500));
    assertThat(Jitter.apply(SECOND, 0.5, 7, null)).isEqualTo(Duration.ofMillis(1500));
  }
}
