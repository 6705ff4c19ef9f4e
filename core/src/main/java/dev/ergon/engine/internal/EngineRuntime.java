package dev.ergon.engine.internal;

import dev.ergon.engine.OutcomeListener;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.policy.ThreadKind;
import dev.ergon.retry.Retry;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

/**
 * What every loop and lifecycle of one engine shares: the task name, time, the stop signal, the
 * outcome listener, one timer thread for runtime timeouts, and thread factories.
 */
public final class EngineRuntime implements AutoCloseable {
  private static final ThreadFactory VIRTUAL_ATTEMPTS =
      Thread.ofVirtual().name("ergon-attempt-", 0).factory();
  private static final ThreadFactory PLATFORM_ATTEMPTS =
      Thread.ofPlatform().name("ergon-attempt-p-", 0).daemon(true).factory();

  private final String taskName;
  private final TimeSource time;
  private final StopSignal stop;
  private final OutcomeListener listener;
  private final ScheduledThreadPoolExecutor timer;
  private final Telemetry telemetry;

  /**
   * Creates the shared runtime.
   *
   * @param taskName the task's name, for logs
   * @param time the time source for every delay
   * @param stop the run's stop signal
   * @param listener receives every outcome
   * @param telemetry the engine's spans and metrics
   */
  public EngineRuntime(
      String taskName,
      TimeSource time,
      StopSignal stop,
      OutcomeListener listener,
      Telemetry telemetry) {
    this.taskName = taskName;
    this.time = time;
    this.stop = stop;
    this.listener = listener;
    this.telemetry = telemetry;
    this.timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("ergon-timer-" + taskName).daemon(true).factory());
    this.timer.setRemoveOnCancelPolicy(true);
  }

  String taskName() {
    return taskName;
  }

  TimeSource time() {
    return time;
  }

  /**
   * The stop signal of this run.
   *
   * @return the signal
   */
  public StopSignal stop() {
    return stop;
  }

  OutcomeListener listener() {
    return listener;
  }

  Telemetry telemetry() {
    return telemetry;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  /** A new executor for one loop's transactions: a virtual thread each, or cached platform. */
  ExecutorService transactionExecutor(ThreadKind kind) {
    return switch (kind) {
      case VIRTUAL ->
          Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ergon-tx-", 0).factory());
      case PLATFORM ->
          Executors.newCachedThreadPool(
              Thread.ofPlatform().name("ergon-tx-p-", 0).daemon(true).factory());
    };
  }

  /** The retry envelope for one phase, wired to this runtime's time and stop signal. */
  Retry retry(RetryPolicy policy, String phase, ThreadKind kind) {
    return Retry.of(policy)
        .withTimeSource(time)
        .withStopSignal(stop)
        .withThreadFactory(kind == ThreadKind.VIRTUAL ? VIRTUAL_ATTEMPTS : PLATFORM_ATTEMPTS)
        .withName(taskName + "." + phase);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
