package dev.ergon.task;

import dev.ergon.transaction.Transaction;
import org.jspecify.annotations.Nullable;

/**
 * A consumer task whose {@code execute()} runs a body given by the test, so that the test can use
 * the task's protected accessors (connectors, services, policies) from inside a running worker.
 * Without a body it runs the default {@code execute()}: consume with the only consumer policy.
 */
class ProbeTask extends ConsumerTask<Object> {
  /** What {@code execute()} does. */
  interface Body {
    void run(ProbeTask task) throws Exception;
  }

  private final @Nullable Body body;

  ProbeTask() {
    this(null);
  }

  ProbeTask(@Nullable Body body) {
    this.body = body;
  }

  @Override
  public Object processTransaction(Transaction transaction) {
    return "processed " + transaction.id();
  }

  @Override
  public void execute() throws Exception {
    Body b = body;
    if (b == null) {
      super.execute();
    } else {
      b.run(this);
    }
  }
}
