package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.WorkerResult;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final StringWriter text = new StringWriter();

  private ProgressReporter reporter(boolean terminal) {
    return new ProgressReporter(new PrintWriter(text), terminal, now::get, Duration.ofSeconds(10));
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  private static void feed(ProgressReporter p) {
    Transaction tx = Transaction.of("t", Map.of());
    p.onOutcome(tx, new Outcome.Succeeded("a", 2, Outcome.Disposition.ACKNOWLEDGED));
    p.onOutcome(tx, new Outcome.Succeeded("b", 0, Outcome.Disposition.ACKNOWLEDGED));
    p.onOutcome(
        tx,
        new Outcome.FailedHandled(
            "c",
            new TransactionException("no", TransactionException.Category.BUSINESS),
            1,
            Outcome.Disposition.ACKNOWLEDGED));
  }

  @Test
  void withoutATerminalALineIsLoggedOncePerInterval() {
    ProgressReporter p = reporter(false);
    feed(p);

    advance(Duration.ofSeconds(5));
    p.tick();
    assertThat(text.toString()).isEmpty();

    advance(Duration.ofSeconds(5));
    p.tick();
    p.tick();
    assertThat(text.toString())
        .isEqualToNormalizingNewlines(
            "progress: fetched 3 | succeeded 2 | failed 1 | retries 3 | in flight 0 | 0.3/s\n");
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceAndEndedWithANewline() {
    ProgressReporter p = reporter(true);
    advance(Duration.ofSeconds(1));
    p.tick();
    feed(p);
    p.tick();
    p.finished(new WorkerResult(List.of(), null));

    assertThat(text.toString())
        .isEqualTo(
            "\rfetched 0 | succeeded 0 | failed 0 | retries 0 | in flight 0 | 0.0/s"
                + "\rfetched 3 | succeeded 2 | failed 1 | retries 3 | in flight 0 | 3.0/s"
                + "\rfetched 3 | succeeded 2 | failed 1 | retries 3 | in flight 0 | 3.0/s"
                + System.lineSeparator());
  }
}
