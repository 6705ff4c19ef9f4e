package dev.ergon.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.SupervisionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SupervisorTest {
  private static final Verdict HEALTHY = Verdict.healthy("idle", Map.of());
  private static final Verdict STALLED =
      Verdict.unhealthy("processing_stalled", "stuck: tx-1", Map.of());

  private final AtomicLong clock = new AtomicLong();
  private final AtomicReference<Verdict> current = new AtomicReference<>(HEALTHY);
  private final List<Verdict> requests = new CopyOnWriteArrayList<>();

  private Supervisor supervisor(SupervisionPolicy policy, Supplier<Verdict> check) {
    return new Supervisor(policy, check, requests::add, clock::get);
  }

  private static SupervisionPolicy policy() {
    return SupervisionPolicy.builder()
        .startupGrace(Duration.ofSeconds(60))
        .unhealthyGrace(Duration.ofSeconds(30))
        .build();
  }

  private void advance(long seconds) {
    clock.addAndGet(Duration.ofSeconds(seconds).toNanos());
  }

  @Test
  void doesNotCheckDuringTheStartupGrace() {
    Supervisor s = supervisor(policy(), () -> STALLED);
    advance(59);

    assertThat(s.tick().healthy()).isTrue();
    assertThat(s.tick().state()).isEqualTo("starting");
  }

  @Test
  void requestsShutdownOnceWhenUnhealthyForTheUnhealthyGrace() {
    Supervisor s = supervisor(policy(), current::get);
    advance(60);
    current.set(STALLED);

    s.tick();
    advance(29);
    s.tick();
    assertThat(requests).isEmpty();

    advance(1);
    s.tick();
    advance(10);
    s.tick();
    assertThat(requests).containsExactly(STALLED);
    assertThat(s.lastVerdict()).isEqualTo(STALLED);
  }

  @Test
  void aHealthyCheckResetsTheUnhealthyTimer() {
    Supervisor s = supervisor(policy(), current::get);
    advance(60);
    current.set(STALLED);
    s.tick();
    advance(20);
    current.set(HEALTHY);
    s.tick();
    current.set(STALLED);
    advance(5);
    s.tick();
    advance(25);
    s.tick();

    assertThat(requests).isEmpty();
    advance(5);
    s.tick();
    assertThat(requests).hasSize(1);
  }

  @Test
  void aCheckThatThrowsCountsAsUnhealthy() {
    Supervisor s =
        supervisor(
            SupervisionPolicy.builder()
                .startupGrace(Duration.ZERO)
                .unhealthyGrace(Duration.ZERO)
                .build(),
            () -> {
              throw new IllegalStateException("probe broke");
            });

    Verdict v = s.tick();

    assertThat(v.healthy()).isFalse();
    assertThat(v.reason()).contains("liveness check raised", "probe broke");
    assertThat(requests).hasSize(1);
  }

  @Test
  void theSupervisorThreadChecksEveryIntervalAndRequestsShutdown() {
    SupervisionPolicy tiny =
        SupervisionPolicy.builder()
            .checkInterval(Duration.ofMillis(20))
            .startupGrace(Duration.ZERO)
            .unhealthyGrace(Duration.ofMillis(100))
            .build();
    try (Supervisor s = new Supervisor(tiny, () -> STALLED, requests::add, System::nanoTime)) {
      s.start();

      await().atMost(Duration.ofSeconds(30)).until(() -> requests.size() == 1);
      assertThat(s.lastVerdict()).isEqualTo(STALLED);
    }
  }
}
