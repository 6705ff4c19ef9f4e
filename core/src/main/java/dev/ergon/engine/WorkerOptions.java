package dev.ergon.engine;

import dev.ergon.ConfigurationException;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.internal.TransactionIds;
import io.opentelemetry.api.OpenTelemetry;

/**
 * A worker's identity and injected collaborators.
 *
 * @param workerIndex this worker's index, from 0
 * @param workerCount how many workers run the task
 * @param timeSource time for every delay
 * @param stopSignal stops the worker's loops
 * @param outcomeListener receives every outcome
 * @param openTelemetry the worker's telemetry (no-op by default)
 * @param instrumentation how the engine traces
 * @param executionId this run's unique id (spans, logs, the telemetry resource)
 */
public record WorkerOptions(
    int workerIndex,
    int workerCount,
    TimeSource timeSource,
    StopSignal stopSignal,
    OutcomeListener outcomeListener,
    OpenTelemetry openTelemetry,
    InstrumentationOptions instrumentation,
    String executionId) {

  /** Checks the worker index against the count. */
  public WorkerOptions {
    if (executionId == null || executionId.isBlank()) {
      throw new ConfigurationException("execution_id", executionId, "non-blank");
    }
    if (workerCount < 1) {
      throw new ConfigurationException("worker_count", workerCount, ">= 1");
    }
    if (workerIndex < 0 || workerIndex >= workerCount) {
      throw new ConfigurationException(
          "worker_index", workerIndex, "between 0 and " + (workerCount - 1));
    }
  }

  /**
   * Worker 0 of 1, system time, a fresh stop signal, no listener, no-op telemetry.
   *
   * @return the defaults
   */
  public static WorkerOptions defaults() {
    return new WorkerOptions(
        0,
        1,
        TimeSource.system(),
        new StopSignal(),
        OutcomeListener.NONE,
        OpenTelemetry.noop(),
        InstrumentationOptions.defaults(),
        TransactionIds.next());
  }

  /**
   * A copy with another time source.
   *
   * @param value the time source
   * @return the copy
   */
  public WorkerOptions withTimeSource(TimeSource value) {
    return new WorkerOptions(
        workerIndex,
        workerCount,
        value,
        stopSignal,
        outcomeListener,
        openTelemetry,
        instrumentation,
        executionId);
  }

  /**
   * A copy with another outcome listener.
   *
   * @param value the listener
   * @return the copy
   */
  public WorkerOptions withOutcomeListener(OutcomeListener value) {
    return new WorkerOptions(
        workerIndex,
        workerCount,
        timeSource,
        stopSignal,
        value,
        openTelemetry,
        instrumentation,
        executionId);
  }

  /**
   * A copy with another worker index and count.
   *
   * @param index the worker index
   * @param count the worker count
   * @return the copy
   */
  public WorkerOptions withWorker(int index, int count) {
    return new WorkerOptions(
        index,
        count,
        timeSource,
        stopSignal,
        outcomeListener,
        openTelemetry,
        instrumentation,
        executionId);
  }

  /**
   * A copy with another stop signal.
   *
   * @param value the stop signal
   * @return the copy
   */
  public WorkerOptions withStopSignal(StopSignal value) {
    return new WorkerOptions(
        workerIndex,
        workerCount,
        timeSource,
        value,
        outcomeListener,
        openTelemetry,
        instrumentation,
        executionId);
  }

  /**
   * A copy with other instrumentation options.
   *
   * @param value the options
   * @return the copy
   */
  public WorkerOptions withInstrumentation(InstrumentationOptions value) {
    return new WorkerOptions(
        workerIndex,
        workerCount,
        timeSource,
        stopSignal,
        outcomeListener,
        openTelemetry,
        value,
        executionId);
  }

  /**
   * A copy with another execution id, e.g. one the telemetry resource already carries.
   *
   * @param value the execution id
   * @return the copy
   */
  public WorkerOptions withExecutionId(String value) {
    return new WorkerOptions(
        workerIndex,
        workerCount,
        timeSource,
        stopSignal,
        outcomeListener,
        openTelemetry,
        instrumentation,
        value);
  }

  /**
   * A copy with another OpenTelemetry instance.
   *
   * @param value the OpenTelemetry API entry point
   * @return the copy
   */
  public WorkerOptions withOpenTelemetry(OpenTelemetry value) {
    return new WorkerOptions(
        workerIndex,
        workerCount,
        timeSource,
        stopSignal,
        outcomeListener,
        value,
        instrumentation,
        executionId);
  }
}
