package dev.ergon.retry;

import dev.ergon.ErgonException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * One {@link Retry#runConcurrently} call: a refilling window of at most {@code concurrency} calls,
 * each run under the retry on its own thread. Used by one thread only.
 */
final class ConcurrentRun<T extends @Nullable Object> {
  private final Retry retry;
  private final Iterator<? extends Callable<? extends T>> calls;
  private final int concurrency;
  private final List<FutureTask<RetryResult<T>>> tasks = new ArrayList<>();
  private final BlockingQueue<FutureTask<?>> finished = new LinkedBlockingQueue<>();
  private int inFlight;
  private boolean exhausted;
  private @Nullable Throwable pullFailure;

  ConcurrentRun(Retry retry, Iterator<? extends Callable<? extends T>> calls, int concurrency) {
    this.retry = retry;
    this.calls = calls;
    this.concurrency = concurrency;
  }

  List<RetryResult<T>> execute() {
    try {
      fill();
      while (inFlight > 0) {
        finished.take();
        inFlight--;
        fill();
      }
    } catch (InterruptedException e) {
      tasks.forEach(task -> task.cancel(true));
      Thread.currentThread().interrupt();
      throw new ErgonException(
          retry.name()
              + ": interrupted; cancelled the calls in flight after taking "
              + tasks.size(),
          e);
    }
    if (pullFailure != null) {
      throw new ErgonException(
          retry.name() + ": could not take call #" + (tasks.size() + 1) + ": " + pullFailure,
          pullFailure);
    }
    List<RetryResult<T>> results = new ArrayList<>(tasks.size());
    for (FutureTask<RetryResult<T>> task : tasks) {
      results.add(resultOf(task));
    }
    return results;
  }

  /** Starts calls until the window is full, the iterator is done, or taking a call failed. */
  private void fill() {
    while (inFlight < concurrency && !exhausted && pullFailure == null) {
      try {
        if (!calls.hasNext()) {
          exhausted = true;
          return;
        }
        Callable<? extends T> call = Objects.requireNonNull(calls.next(), "the call is null");
        FutureTask<RetryResult<T>> task = new Completing(() -> retry.run(call));
        retry.start(task);
        tasks.add(task);
        inFlight++;
      } catch (RuntimeException | Error e) {
        Retry.rethrowIfFatal(e);
        pullFailure = e;
      }
    }
  }

  private RetryResult<T> resultOf(FutureTask<RetryResult<T>> task) {
    if (task.state() == Future.State.SUCCESS) {
      return task.resultNow();
    }
    Throwable error = task.exceptionNow(); // Retry.run throws only VirtualMachineErrors
    Retry.rethrowIfFatal(error);
    throw new ErgonException(retry.name() + ": a call failed unexpectedly: " + error, error);
  }

  /** A task that reports its completion to {@link #finished}. */
  private final class Completing extends FutureTask<RetryResult<T>> {
    Completing(Callable<RetryResult<T>> callable) {
      super(callable);
    }

    @Override
    protected void done() {
      finished.add(this);
    }
  }
}
