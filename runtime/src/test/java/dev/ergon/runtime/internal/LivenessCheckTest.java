package dev.ergon.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.internal.LoopProbe.State;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.SupervisionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivenessCheckTest {
  private static final long S = 1_000_000_000L;
  private static final long NOW = 1_000 * S;

  private final LivenessCheck check =
      new LivenessCheck(Map.of("consumer", Duration.ofSeconds(60)), null, Duration.ofSeconds(120));

  private static LoopSnapshot loop(
      State state, long progressAgoSeconds, Map<String, Long> inFlight) {
    return new LoopSnapshot("consumer", state, NOW - progressAgoSeconds * S, inFlight, null);
  }

  @Test
  void anIdleLoopIsHealthyHoweverLongItHasBeenIdle() {
    Verdict v = check.check(List.of(loop(State.IDLE, 10_000, Map.of())), Map.of(), NOW);

    assertThat(v.healthy()).isTrue();
    assertThat(v.state()).isEqualTo("idle");
  }

  @Test
  void processingWithoutProgressBeyondTheThresholdIsStalledAndNamesTheStuckTransactions() {
    Map<String, Long> inFlight = Map.of("tx-old", NOW - 90 * S, "tx-new", NOW - 5 * S);

    Verdict v = check.check(List.of(loop(State.PROCESSING, 61, inFlight)), Map.of(), NOW);

    assertThat(v.healthy()).isFalse();
    assertThat(v.state()).isEqualTo("processing_stalled");
    assertThat(v.reason())
        .contains(
            "loop 'consumer'",
            "no transaction progress for 61.0 s",
            "stuck: tx-old (running 90.0 s)")
        .doesNotContain("tx-new");
    assertThat(v.details()).containsKey("stuck_transactions");
  }

  @Test
  void processingWithRecentProgressIsHealthy() {
    Verdict v =
        check.check(
            List.of(loop(State.PROCESSING, 59, Map.of("tx", NOW - 500 * S))), Map.of(), NOW);

    assertThat(v.healthy()).isTrue();
    assertThat(v.state()).isEqualTo("processing");
  }

  @Test
  void aLoopWaitingOnItsSourceBeyondTheFetchThresholdIsFetchStalled() {
    assertThat(check.check(List.of(loop(State.FETCHING, 119, Map.of())), Map.of(), NOW).healthy())
        .isTrue();

    Verdict v = check.check(List.of(loop(State.FETCHING, 121, Map.of())), Map.of(), NOW);

    assertThat(v.state()).isEqualTo("fetch_stalled");
    assertThat(v.reason()).contains("loop 'consumer'", "121.0 s");
  }

  @Test
  void aLoopWhoseSourceKeepsFailingIsUnhealthyWithTheFailureAsReason() {
    LoopSnapshot failing =
        new LoopSnapshot(
            "consumer", State.FETCH_FAILING, NOW, Map.of(), "java.io.IOException: down");

    Verdict v = check.check(List.of(failing), Map.of(), NOW);

    assertThat(v.state()).isEqualTo("fetch_failing");
    assertThat(v.reason()).contains("java.io.IOException: down");
  }

  @Test
  void aConnectorReportingConnectStalledMakesTheWorkerUnhealthy() {
    Verdict v =
        check.check(
            List.of(loop(State.IDLE, 1, Map.of())),
            Map.of("input", Map.of("state", "connect_stalled"), "output", Map.of("state", "ok")),
            NOW);

    assertThat(v.state()).isEqualTo("connect_stalled");
    assertThat(v.reason()).contains("connector 'input'");
  }

  @Test
  void noLoopsYetIsStartingAndHealthy() {
    Verdict v = check.check(List.of(), Map.of(), NOW);

    assertThat(v.healthy()).isTrue();
    assertThat(v.state()).isEqualTo("starting");
  }

  @Test
  void thresholdsDeriveFromEachPolicysRuntimeTimeoutUnlessSet() {
    LivenessCheck derived =
        LivenessCheck.forTask(
            List.of(
                ConsumerPolicy.builder("short").runtimeTimeout(Duration.ofSeconds(5)).build(),
                ConsumerPolicy.builder("long").runtimeTimeout(Duration.ofSeconds(300)).build(),
                ConsumerPolicy.builder("none").runtimeTimeout(null).build(),
                ProducerPolicy.defaults("producer")),
            SupervisionPolicy.defaults());

    assertThat(derived.processingThreshold("short")).isEqualTo(Duration.ofSeconds(65));
    assertThat(derived.processingThreshold("long")).isEqualTo(Duration.ofSeconds(360));
    assertThat(derived.processingThreshold("none")).isNull();
    assertThat(derived.processingThreshold("producer")).isEqualTo(Duration.ofSeconds(120));
    assertThat(derived.processingThreshold("ad-hoc")).isEqualTo(Duration.ofSeconds(120));

    LivenessCheck set =
        LivenessCheck.forTask(
            List.of(ConsumerPolicy.builder("none").runtimeTimeout(null).build()),
            SupervisionPolicy.builder().processingStaleAfter(Duration.ofSeconds(7)).build());
    assertThat(set.processingThreshold("none")).isEqualTo(Duration.ofSeconds(7));
  }
}
