package dev.ergon.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.runtime.internal.ShutdownCoordinator.Cause;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShutdownCoordinatorTest {
  private final AtomicInteger stops = new AtomicInteger();
  private final List<Integer> halts = new CopyOnWriteArrayList<>();

  private ShutdownCoordinator coordinator(Duration grace) {
    return new ShutdownCoordinator(grace, stops::incrementAndGet, halts::add, () -> "tx-9");
  }

  @Test
  void theFirstSignalStopsTheWorkerOnceAndSetsTheExitCode() {
    ShutdownCoordinator c = coordinator(Duration.ofMinutes(5));

    c.request(Cause.SIGTERM, "os", "SIGTERM received");
    c.request(Cause.UNHEALTHY, "supervisor", "unhealthy");

    assertThat(stops).hasValue(1);
    assertThat(c.exitCode()).hasValue(143);
    assertThat(halts).isEmpty();
    c.finished();
  }

  @Test
  void aSecondSignalFromTheSameSourceHaltsAtOnceWithItsCode() {
    ShutdownCoordinator c = coordinator(Duration.ofMinutes(5));

    c.request(Cause.SIGINT, "os", "SIGINT received");
    c.request(Cause.SIGINT, "parent", "forwarded");
    assertThat(halts).isEmpty();

    c.request(Cause.SIGINT, "os", "SIGINT received");
    assertThat(halts).containsExactly(130);
    c.finished();
  }

  @Test
  void aShutdownThatOutlivesItsGraceHaltsWith1() {
    ShutdownCoordinator c = coordinator(Duration.ofMillis(50));

    c.request(Cause.UNHEALTHY, "supervisor", "stuck");

    await().atMost(Duration.ofSeconds(30)).until(() -> halts.contains(1));
    assertThat(c.exitCode()).hasValue(1);
  }

  @Test
  void aShutdownThatFinishesInTimeIsNotHalted() {
    ShutdownCoordinator c = coordinator(Duration.ofMillis(200));
    c.request(Cause.SIGTERM, "os", "SIGTERM received");
    c.finished();

    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(halts::isEmpty);
  }

  @Test
  void withoutARequestThereIsNoShutdownCode() {
    ShutdownCoordinator c = coordinator(Duration.ofSeconds(1));

    assertThat(c.exitCode()).isEmpty();
    assertThat(c.stopping()).isFalse();
  }
}
