package dev.ergon.engine;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.test.ManualClock;
import dev.ergon.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a consumer-loop test works with: a {@link Script} for the task's phases, the in-memory
 * source behind a {@link ScriptedConnector}, a manual clock (so backoffs take no time and can be
 * asserted), and a latch that releases blocked work, also when the test ends.
 */
final class LoopRig implements AutoCloseable {
  final Script script = new Script();
  final InMemoryConnector input = new InMemoryConnector();
  final ScriptedConnector connector = new ScriptedConnector(input);
  final ManualClock clock = new ManualClock();
  final CountDownLatch release = new CountDownLatch(1);
  private TimeSource time = clock;

  static ConsumerPolicy.Builder policy() {
    return ConsumerPolicy.builder("consumer");
  }

  /** Uses the real clock instead of the manual one (for backoffs that must really be waited). */
  LoopRig systemTime() {
    this.time = TimeSource.system();
    return this;
  }

  TaskConfig config(ConsumerPolicy policy) {
    return TaskConfig.builder("loop")
        .task(() -> new ScriptedConsumer(script))
        .connector("input", () -> connector)
        .policy(policy)
        .build();
  }

  WorkerOptions options() {
    return WorkerOptions.defaults().withTimeSource(time);
  }

  /** Runs the task to the end on the calling thread. */
  WorkerResult run(ConsumerPolicy policy) {
    try (Worker worker = Worker.start(config(policy), options())) {
      return worker.execute();
    }
  }

  /** Runs the task to the end and returns its only loop report. */
  RunReport report(ConsumerPolicy policy) {
    WorkerResult result = run(policy);
    if (result.failure() != null) {
      throw new AssertionError("execute() failed", result.failure());
    }
    if (result.reports().size() != 1) {
      throw new AssertionError("expected one loop report but got " + result.reports());
    }
    return result.reports().get(0);
  }

  /** Starts the task on a background thread. */
  RunningWorker start(ConsumerPolicy policy) {
    return RunningWorker.start(config(policy), options());
  }

  /** Blocks the calling transaction until {@link #release} is counted down (or a long bound). */
  Object block(Object result) throws InterruptedException {
    if (!release.await(RunningWorker.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("never released");
    }
    return result;
  }

  /** Simulated work of random length up to {@code max}, for concurrency tests. */
  static void work(Duration max) {
    long nanos = java.util.concurrent.ThreadLocalRandom.current().nextLong(max.toNanos() + 1);
    java.util.concurrent.locks.LockSupport.parkNanos(nanos);
  }

  @Override
  public void close() {
    release.countDown();
  }
}
