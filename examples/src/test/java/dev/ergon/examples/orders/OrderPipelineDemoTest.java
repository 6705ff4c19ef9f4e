package dev.ergon.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OrderPipelineDemoTest {

  @Test
  void settlesEveryOrderWithDeterministicRetriesAndRejects() {
    PipelineSummary summary = OrderPipeline.run(100);

    // Orders 25, 50, 75, 100 are invalid; of the multiples of 10, the other 8 are flaky once.
    assertThat(summary.produced()).isEqualTo(100);
    assertThat(summary.count(Kind.SUCCEEDED)).isEqualTo(96);
    assertThat(summary.count(Kind.FAILED_HANDLED)).isEqualTo(4);
    assertThat(summary.count(Kind.FAILED_UNHANDLED)).isZero();
    assertThat(summary.count(Kind.TIMED_OUT)).isZero();
    assertThat(summary.count(Kind.REDELIVER)).isZero();
    assertThat(summary.retries()).isEqualTo(8);
    assertThat(summary.receipts()).isEqualTo(96);
    assertThat(summary.rejected()).isEqualTo(4);
    assertThat(summary.acknowledged()).isEqualTo(100);
    assertThat(summary.ready()).isZero();
    assertThat(summary.inFlight()).isZero();
    assertThat(summary.failures()).isEmpty();
    assertThat(summary.problems()).isEmpty();
    assertThat(summary.settled()).isTrue();
  }

  @Test
  void revenueIsTheSumOfTheValidOrdersTotals() {
    BigDecimal expected = BigDecimal.ZERO;
    for (int n = 1; n <= 30; n++) {
      Order order = OrderFeeder.order(n);
      expected = expected.add(order.unitPrice().multiply(BigDecimal.valueOf(order.quantity())));
    }

    assertThat(OrderPipeline.run(30).revenue()).isEqualByComparingTo(expected);
  }

  @Test
  void printsTheSummaryAndExitsZeroWhenEveryOrderSettled() {
    Run run = demo("--orders", "50");

    assertThat(run.exitCode).isZero();
    assertThat(run.out)
        .contains("orders produced")
        .containsPattern("succeeded +48\\b")
        .containsPattern("failed_handled +2\\b")
        .containsPattern("retries +4\\b")
        .contains("All 50 orders settled.");
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    Run run = demo("--help");

    assertThat(run.exitCode).isZero();
    assertThat(run.out).startsWith("usage: ergon demo");
  }

  @Test
  void badArgumentsExitTwoWithAMessage() {
    assertThat(demo("--orders").err).contains("--orders needs a number");
    assertThat(demo("--orders", "0").exitCode).isEqualTo(2);
    assertThat(demo("--orders=many").err).contains("--orders needs a whole number", "'many'");
    assertThat(demo("--fast").err).contains("unknown argument '--fast'", "usage:");
  }

  @Test
  void reportsWhyWhenOrdersAreLeftOver() {
    PipelineSummary leftOver =
        new PipelineSummary(
            10,
            10,
            java.util.Map.of(Kind.SUCCEEDED, 7L, Kind.REDELIVER, 1L),
            0,
            7,
            0,
            7,
            2,
            1,
            BigDecimal.TEN,
            java.time.Duration.ofMillis(1),
            java.time.Duration.ofMillis(2),
            java.util.List.of());

    assertThat(leftOver.settled()).isFalse();
    assertThat(leftOver.problems())
        .containsExactly(
            "3 of 10 orders neither succeeded nor were handled (outcomes: "
                + leftOver.outcomes()
                + ")",
            "the queue still holds 2 ready and 1 in-flight");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run demo(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        OrderPipelineDemo.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
