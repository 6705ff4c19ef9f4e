package dev.ergon.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.task.TaskConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker running its task's {@code execute()} on a background thread, so that the test can act
 * (stop it, release blocked work, look at its health) while the loop runs. Closing it stops the
 * worker, waits a while for {@code execute()} to return, and closes the worker.
 */
final class RunningWorker implements AutoCloseable {
  /** How long a test waits for a loop to end: generous, the machine is loaded. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private final Worker worker;
  private final CompletableFuture<WorkerResult> result = new CompletableFuture<>();

  private RunningWorker(Worker worker) {
    this.worker = worker;
  }

  static RunningWorker start(TaskConfig config, WorkerOptions options) {
    RunningWorker running = new RunningWorker(Worker.start(config, options));
    Thread.ofPlatform()
        .name("test-worker")
        .daemon(true)
        .start(
            () -> {
              try {
                running.result.complete(running.worker.execute());
              } catch (Throwable t) {
                running.result.completeExceptionally(t);
              }
            });
    return running;
  }

  Worker worker() {
    return worker;
  }

  boolean isDone() {
    return result.isDone();
  }

  /** Waits for {@code execute()} to return, failing the test after {@link #PATIENCE}. */
  WorkerResult result() {
    try {
      return result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the worker", e);
    } catch (ExecutionException e) {
      throw new AssertionError("execute() threw", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the worker did not finish within " + PATIENCE, e);
    }
  }

  /** The report of the only loop the task ran, once it ended. */
  RunReport report() {
    WorkerResult r = result();
    assertThat(r.reports()).hasSize(1);
    return r.reports().get(0);
  }

  @Override
  public void close() {
    worker.stop();
    try {
      result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the test has already failed or asserted what it needed
    }
    worker.close();
  }
}
