package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.policy.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyExplainCommandTest {
  private static final String P = "ergon.tasks.order-processor.policies.consumer.";

  @Test
  void printsTheConcreteScheduleAndWorstCaseOfEachPhase() {
    Cli.Result r =
        Cli.with(TestTasks.orders())
            .properties(
                Map.of(
                    P + "process.retry.max_attempts", "3",
                    P + "process.retry.backoff", "1s",
                    P + "process.retry.backoff_multiplier", "2",
                    P + "process.retry.timeout", "5s",
                    P + "transaction_runtime.timeout", "30s"))
            .run("policy", "explain", "order-processor", "consumer");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("task 'order-processor', consumer policy 'consumer' (configuration applied)")
        .contains("loop: mode batch, concurrency 2 (virtual threads), batch size 1")
        .contains("transaction_runtime.timeout: 30s")
        .contains(
            """
            process.retry: 3 attempts, timeout 5s, backoff 1s, multiplier 2, cap none, jitter 0
              attempt 1: timeout 5s, delay before 0s
              attempt 2: timeout 5s, delay before 1s
              attempt 3: timeout 5s, delay before 2s
              worst case: 18s
            """)
        .contains(
            """
            success.retry: 1 attempt, timeout none, backoff 0s, multiplier 1, cap none, jitter 0
              attempt 1: timeout none, delay before 0s
              worst case: unbounded (attempts have no timeout); transaction_runtime.timeout cuts it at 30s
            """)
        .contains(
            """
            fetch.retry: 1 attempt, timeout none, backoff 0s, multiplier 1, cap none, jitter 0
              attempt 1: timeout none, delay before 0s
              worst case: unbounded (attempts have no timeout)
            """);
  }

  @Test
  void aRuntimeTimeoutShorterThanTheWorstCaseIsNamed() {
    Cli.Result r =
        Cli.with(TestTasks.orders())
            .properties(
                Map.of(
                    P + "process.retry.max_attempts", "3",
                    P + "process.retry.timeout", "5s",
                    P + "transaction_runtime.timeout", "10s"))
            .run("policy", "explain", "order-processor", "consumer");

    assertThat(r.out()).contains("  worst case: 15s; transaction_runtime.timeout cuts it at 10s");
  }

  @Test
  void explainsProducerPolicies() {
    Cli.Result r =
        Cli.with(TestTasks.orders()).run("policy", "explain", "order-processor", "feeder");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("producer policy 'feeder'").contains("prepare.retry: 1 attempt");
  }

  @Test
  void anUnknownPolicyExitsTwoListingTheKnownOnes() {
    Cli.Result r = Cli.with(TestTasks.orders()).run("policy", "explain", "order-processor", "nope");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("consumer (consumer), feeder (producer)");
  }

  @Test
  void policyWithoutASubcommandExitsTwo() {
    assertThat(Cli.with().run("policy").code()).isEqualTo(2);
  }

  @Test
  void capAndJitterBoundTheDelays() {
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(4)
            .timeout(Duration.ofSeconds(1))
            .backoff(Duration.ofSeconds(2))
            .backoffMultiplier(3)
            .backoffCap(Duration.ofSeconds(10))
            .jitter(0.5)
            .build();

    assertThat(RetrySchedule.of(retry))
        .extracting(RetrySchedule.Attempt::delayBefore)
        .containsExactly(
            Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(9), Duration.ofSeconds(10));
    assertThat(RetrySchedule.worstCase(retry)).contains(Duration.ofSeconds(4 + 3 + 9 + 10));
  }
}
