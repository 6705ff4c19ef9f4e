package dev.ergon.examples.orders;

import dev.ergon.engine.Outcome;
import dev.ergon.engine.OutcomeListener;
import dev.ergon.transaction.Transaction;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts outcomes by kind, and the retries they took, as the engine reports them.
 *
 * <pre>{@code
 * OutcomeTally tally = new OutcomeTally();
 * Worker.start(config, WorkerOptions.defaults().withOutcomeListener(tally));
 * }</pre>
 *
 * <p>Thread-safe, as an {@link OutcomeListener} must be.
 */
public final class OutcomeTally implements OutcomeListener {
  private final Map<Outcome.Kind, LongAdder> counts = new EnumMap<>(Outcome.Kind.class);
  private final LongAdder retries = new LongAdder();

  /** Creates an empty tally. */
  public OutcomeTally() {
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      counts.put(kind, new LongAdder());
    }
  }

  @Override
  public void onOutcome(Transaction transaction, Outcome outcome) {
    counts.get(outcome.kind()).increment();
    retries.add(outcome.retries());
  }

  /**
   * The counts so far, every kind present.
   *
   * @return an immutable snapshot
   */
  public Map<Outcome.Kind, Long> counts() {
    Map<Outcome.Kind, Long> snapshot = new EnumMap<>(Outcome.Kind.class);
    counts.forEach((kind, n) -> snapshot.put(kind, n.sum()));
    return Map.copyOf(snapshot);
  }

  /**
   * The retries taken so far, across all transactions and phases.
   *
   * @return the retry count
   */
  public long retries() {
    return retries.sum();
  }
}
