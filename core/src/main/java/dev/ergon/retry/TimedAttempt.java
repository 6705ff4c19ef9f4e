package dev.ergon.retry;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs one attempt on a thread of its own and waits for it at most the timeout. On expiry the
 * attempt is interrupted and abandoned, never waited for: that is what bounds an attempt in
 * wall-clock time even when it ignores interrupts.
 */
final class TimedAttempt {
  private TimedAttempt() {}

  /**
   * Runs attempt {@code n} of {@code retry} with {@code timeout}.
   *
   * @return what the attempt returned
   * @throws Failed when the attempt failed or timed out ({@link AttemptTimeoutException})
   * @throws InterruptedException when the calling thread was interrupted; the attempt is
   *     interrupted too
   */
  static <T extends @Nullable Object> T run(
      Retry retry, Callable<? extends T> call, int n, Duration timeout)
      throws Failed, InterruptedException {
    FutureTask<T> task = new FutureTask<>(call::call);
    retry.start(task);
    try {
      task.get(nanos(timeout), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (task.cancel(true)) {
        throw new Failed(new AttemptTimeoutException(n, timeout));
      } // else it completed just now: take its outcome below
    } catch (ExecutionException e) {
      // the failure is read below
    } catch (InterruptedException e) {
      task.cancel(true);
      throw e;
    }
    return switch (task.state()) {
      case SUCCESS -> task.resultNow();
      case FAILED -> throw new Failed(task.exceptionNow());
      case CANCELLED, RUNNING -> throw new IllegalStateException("attempt not done: " + task);
    };
  }

  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * The failure of an attempt that ran on its own thread, kept apart from an interrupt of the
   * calling thread (an {@link InterruptedException} thrown there is an ordinary failure).
   */
  static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the attempt failed with. */
    final Throwable failure;

    Failed(Throwable failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
