package dev.ergon.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void parsesUnitsIsoAndPlainSeconds() {
    assertThat(Durations.parse("1s")).contains(Duration.ofSeconds(1));
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("2m")).contains(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).contains(Duration.ofHours(1));
    assertThat(Durations.parse("PT1S")).contains(Duration.ofSeconds(1));
    assertThat(Durations.parse("pt0.25s")).contains(Duration.ofMillis(250));
    assertThat(Durations.parse("5")).contains(Duration.ofSeconds(5));
    assertThat(Durations.parse("1.5")).contains(Duration.ofMillis(1500));
    assertThat(Durations.parse(" 10 s ")).contains(Duration.ofSeconds(10));
  }

  @Test
  void rejectsWhatIsNotADuration() {
    assertThat(Durations.parse("soon")).isEmpty();
    assertThat(Durations.parse("1x")).isEmpty();
    assertThat(Durations.parse("")).isEmpty();
    assertThat(Durations.parse("P1Q")).isEmpty();
  }

  @Test
  void formatsCompactly() {
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ofSeconds(18))).isEqualTo("18s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(1250))).isEqualTo("1s250ms");
  }

  @Test
  void readsBackWhatItWrites() {
    for (Duration d :
        new Duration[] {
          Duration.ofSeconds(90),
          Duration.ofMillis(1250),
          Duration.ofHours(26).plusMinutes(3).plusSeconds(4).plusMillis(5),
          Duration.ofSeconds(-90),
          Duration.ofNanos(7_000)
        }) {
      assertThat(Durations.parse(Durations.format(d))).as(Durations.format(d)).contains(d);
    }
    assertThat(Durations.parse("1m30s")).contains(Duration.ofSeconds(90));
    assertThat(Durations.parse("1m 30s")).isEmpty();
    assertThat(Durations.parse("1m30")).isEmpty();
    assertThat(Durations.parse("30s1x")).isEmpty();
  }
}
