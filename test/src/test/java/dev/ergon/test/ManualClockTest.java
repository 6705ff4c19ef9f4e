package dev.ergon.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void startsAtTheDefaultInstantWithNanoTimeZero() {
    ManualClock clock = new ManualClock();

    assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(clock.nanoTime()).isZero();
    assertThat(clock.sleeps()).isEmpty();
    assertThat(clock.totalSlept()).isZero();
  }

  @Test
  void startsAtTheGivenInstant() {
    Instant start = Instant.parse("2030-06-15T12:00:00Z");

    assertThat(new ManualClock(start).now()).isEqualTo(start);
  }

  @Test
  void sleepReturnsAtOnceRecordingTheDurationAndAdvancingTheClock() throws Exception {
    ManualClock clock = new ManualClock();

    clock.sleep(Duration.ofMillis(100));
    clock.sleep(Duration.ofSeconds(2));

    assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(100), Duration.ofSeconds(2));
    assertThat(clock.sleepCount()).isEqualTo(2);
    assertThat(clock.totalSlept()).isEqualTo(Duration.ofMillis(2100));
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofMillis(2100).toNanos());
    assertThat(clock.now()).isEqualTo(ManualClock.DEFAULT_START.plusMillis(2100));
  }

  @Test
  void zeroAndNegativeSleepsAreNeitherRecordedNorAdvanceTheClock() throws Exception {
    ManualClock clock = new ManualClock();

    clock.sleep(Duration.ZERO);
    clock.sleep(Duration.ofMillis(-5));

    assertThat(clock.sleeps()).isEmpty();
    assertThat(clock.sleepCount()).isZero();
    assertThat(clock.nanoTime()).isZero();
  }

  @Test
  void nanoTimeAndNowAdvanceTogether() {
    ManualClock clock = new ManualClock();

    clock.advance(Duration.ofMinutes(3).plusNanos(7));

    assertThat(clock.nanoTime()).isEqualTo(Duration.ofMinutes(3).plusNanos(7).toNanos());
    assertThat(clock.now()).isEqualTo(ManualClock.DEFAULT_START.plusSeconds(180).plusNanos(7));
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void advancingBackwardsIsRejectedNamingTheDuration() {
    ManualClock clock = new ManualClock();

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration must be >= 0 but was PT-1S");
  }

  @Test
  void anInterruptedThreadIsNotPutToSleepAndItsInterruptIsConsumed() {
    ManualClock clock = new ManualClock();

    Thread.currentThread().interrupt();

    assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void sleepsFromManyThreadsAreAllRecorded() throws Exception {
    ManualClock clock = new ManualClock();

    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> sleepers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        sleepers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 1_000; i++) {
                    clock.sleep(Duration.ofMillis(1));
                  }
                  return null;
                }));
      }
      for (Future<?> sleeper : sleepers) {
        sleeper.get(30, TimeUnit.SECONDS);
      }
    }

    assertThat(clock.sleepCount()).isEqualTo(8_000);
    assertThat(clock.totalSlept()).isEqualTo(Duration.ofSeconds(8));
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofSeconds(8).toNanos());
  }
}
