package dev.ergon.retry;

import dev.ergon.policy.RetryPolicy;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.TransactionException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry envelope: runs a call up to {@link RetryPolicy#maxAttempts()} times, bounds each
 * attempt by the policy's {@code timeout} in wall-clock time, waits the policy's backoff (capped,
 * with jitter) between attempts, and stops early on a non-retryable failure, an interrupt of the
 * calling thread, or the {@link StopSignal}. The engine wraps every phase in it; services use it to
 * wrap their own calls.
 *
 * <pre>{@code
 * Retry retry = Retry.of(RetryPolicy.builder()
 *         .maxAttempts(3).backoff(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(5)).build())
 *     .withName("orders-api")
 *     .withStopSignal(runStopSignal);
 * Order order = retry.call(() -> client.fetchOrder(id));
 * }</pre>
 *
 * <p>An attempt with a timeout runs on a new thread of the {@linkplain
 * #withThreadFactory(ThreadFactory) thread factory}; when the timeout expires that thread is
 * interrupted and abandoned, never waited for, so even an attempt that ignores interrupts cannot
 * hold the caller past its timeout. Without a timeout the attempt runs on the calling thread.
 *
 * <p>Failed attempts that will be retried are logged at WARN, one line without stack trace; the
 * rest at DEBUG. Nothing is logged at ERROR: the caller decides what a final failure means.
 *
 * <p>Immutable and thread-safe: one instance may serve many threads at once.
 */
public final class Retry {
  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);
  private static final RandomGenerator THREAD_LOCAL_RANDOM =
      () -> ThreadLocalRandom.current().nextLong();
  private static final ThreadFactory VIRTUAL_THREADS =
      Thread.ofVirtual().name("ergon-attempt-", 0).factory();

  private final RetryPolicy policy;
  private final TimeSource timeSource;
  private final StopSignal stopSignal;
  private final RandomGenerator random;
  private final RetryListener listener;
  private final ThreadFactory threadFactory;
  private final String name;

  private Retry(
      RetryPolicy policy,
      TimeSource timeSource,
      StopSignal stopSignal,
      RandomGenerator random,
      RetryListener listener,
      ThreadFactory threadFactory,
      String name) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
    this.stopSignal = Objects.requireNonNull(stopSignal, "stopSignal");
    this.random = Objects.requireNonNull(random, "random");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.threadFactory = Objects.requireNonNull(threadFactory, "threadFactory");
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * A retry with {@code policy} and the defaults: system time, a stop signal that is never stopped,
   * a thread-safe random for jitter, no listener, virtual threads named {@code ergon-attempt-N} for
   * attempts with a timeout, and the name {@code "retry"}.
   *
   * @param policy attempts, timeout and backoff
   * @return the retry
   */
  public static Retry of(RetryPolicy policy) {
    return new Retry(
        policy,
        TimeSource.system(),
        new StopSignal(),
        THREAD_LOCAL_RANDOM,
        RetryListener.NO_OP,
        VIRTUAL_THREADS,
        "retry");
  }

  /**
   * A copy that sleeps its backoff through {@code timeSource}. Attempt timeouts are always real
   * time.
   *
   * @param timeSource the time source for backoff sleeps
   * @return the copy
   */
  public Retry withTimeSource(TimeSource timeSource) {
    return new Retry(policy, timeSource, stopSignal, random, listener, threadFactory, name);
  }

  /**
   * A copy that makes no further attempt once {@code stopSignal} is stopped, and whose backoff
   * sleeps end when it is. A running attempt is not interrupted by it.
   *
   * @param stopSignal the signal of the run
   * @return the copy
   */
  public Retry withStopSignal(StopSignal stopSignal) {
    return new Retry(policy, timeSource, stopSignal, random, listener, threadFactory, name);
  }

  /**
   * A copy that draws jitter from {@code random} (through {@link RandomGenerator#nextDouble()}).
   *
   * @param random a random generator, thread-safe if the retry is shared between threads
   * @return the copy
   */
  public Retry withRandom(RandomGenerator random) {
    return new Retry(policy, timeSource, stopSignal, random, listener, threadFactory, name);
  }

  /**
   * A copy that reports its attempts to {@code listener}.
   *
   * @param listener the listener
   * @return the copy
   */
  public Retry withListener(RetryListener listener) {
    return new Retry(policy, timeSource, stopSignal, random, listener, threadFactory, name);
  }

  /**
   * A copy that takes from {@code threadFactory} the threads running attempts that have a timeout,
   * and the threads of {@link #runConcurrently}.
   *
   * @param threadFactory the factory; it should make daemon threads, since a timed-out attempt is
   *     abandoned and may keep its thread alive
   * @return the copy
   */
  public Retry withThreadFactory(ThreadFactory threadFactory) {
    return new Retry(policy, timeSource, stopSignal, random, listener, threadFactory, name);
  }

  /**
   * A copy named {@code name} in log lines and exception messages.
   *
   * @param name e.g. the phase or the service call
   * @return the copy
   */
  public Retry withName(String name) {
    return new Retry(policy, timeSource, stopSignal, random, listener, threadFactory, name);
  }

  /**
   * The policy.
   *
   * @return the policy
   */
  public RetryPolicy policy() {
    return policy;
  }

  /**
   * The name used in log lines and exception messages.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Runs {@code attempt} under this retry. Failures of the attempt are returned, never thrown:
   * every {@link Throwable} but a {@link VirtualMachineError} (which is rethrown) counts as a
   * failed attempt. Retrying stops with a {@link RetryResult.Failure} whose reason is
   *
   * <ul>
   *   <li>{@link FailureReason#NON_RETRYABLE} at once for a {@link NonRetryableException} or a
   *       {@link TransactionException} that is not {@linkplain TransactionException#isRetryable()
   *       retryable};
   *   <li>{@link FailureReason#EXHAUSTED} after {@code maxAttempts} failures;
   *   <li>{@link FailureReason#INTERRUPTED} when the calling thread is interrupted while waiting
   *       for an attempt (which is then interrupted too), during backoff, or when an attempt run on
   *       the calling thread throws {@link InterruptedException} or fails leaving the interrupt
   *       flag set; the flag is left set;
   *   <li>{@link FailureReason#STOPPED} when the stop signal is stopped before a retry or ends the
   *       backoff sleep.
   * </ul>
   *
   * <p>Before retry {@code n} (0 for the second attempt) it sleeps {@link
   * RetryPolicy#delayBeforeRetry(int)}, with jitter applied when the policy has some, and only when
   * that delay is positive.
   *
   * @param attempt the call to make
   * @param <T> the type of the value
   * @return the value and the attempts it took, or the last failure and why retrying stopped
   */
  public <T extends @Nullable Object> RetryResult<T> run(Callable<? extends T> attempt) {
    Objects.requireNonNull(attempt, "attempt");
    for (int n = 1; ; n++) {
      attemptStarted(n);
      Throwable failure;
      boolean interrupted = false;
      try {
        T value = attempt(attempt, n);
        attemptSucceeded(n);
        return new RetryResult.Success<>(value, n);
      } catch (TimedAttempt.Failed e) {
        failure = e.failure;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = e;
        interrupted = true;
      } catch (Throwable e) {
        failure = e;
      }
      rethrowIfFatal(failure);
      FailureReason stop = afterFailure(n, failure, interrupted);
      if (stop != null) {
        LOG.debug("{}: giving up after {} attempt(s) ({})", name, n, stop, failure);
        return new RetryResult.Failure<>(failure, n, stop);
      }
    }
  }

  /**
   * Runs {@code attempt} under this retry and returns its value. Every way of giving up, including
   * a non-retryable failure, an interrupt (the interrupt flag stays set) and the stop signal,
   * throws {@link RetriesExhaustedException} with the last failure as its cause.
   *
   * @param attempt the call to make
   * @param <T> the type of the value
   * @return what the successful attempt returned
   * @throws RetriesExhaustedException when no attempt succeeded; see {@link #run(Callable)}
   */
  public <T extends @Nullable Object> T call(Callable<? extends T> attempt)
      throws RetriesExhaustedException {
    RetryResult<T> result = run(attempt);
    return switch (result) {
      case RetryResult.Success<T> s -> s.value();
      case RetryResult.Failure<T> f ->
          throw new RetriesExhaustedException(name, f.attempts(), f.reason(), f.error());
    };
  }

  /**
   * Runs each call of {@code calls} under this retry, each on its own thread of the thread factory,
   * at most {@code concurrency} at once. It takes the next call from the iterator only when a slot
   * is free, so it never holds more than {@code concurrency} calls that have not completed.
   *
   * <p>When the iterator throws (or yields null, or no thread can be made), it takes no further
   * call, waits for the calls in flight, then throws an {@link dev.ergon.ErgonException} with that
   * failure as cause: no call is silently dropped. When the calling thread is interrupted, the
   * calls in flight are interrupted and abandoned, and an {@link dev.ergon.ErgonException} is
   * thrown with the interrupt flag left set. The stop signal only ends retries; every call taken is
   * still attempted once.
   *
   * @param calls the calls, pulled lazily
   * @param concurrency the most calls running at once, at least 1
   * @param <T> the type of the values
   * @return one result per call, in the iterator's order
   * @throws IllegalArgumentException when {@code concurrency} is below 1
   * @throws dev.ergon.ErgonException when the iterator failed or the caller was interrupted
   */
  public <T extends @Nullable Object> List<RetryResult<T>> runConcurrently(
      Iterator<? extends Callable<? extends T>> calls, int concurrency) {
    Objects.requireNonNull(calls, "calls");
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1 but was " + concurrency);
    }
    return new ConcurrentRun<T>(this, calls, concurrency).execute();
  }

  /**
   * Runs each call of {@code calls} under this retry, at most {@code concurrency} at once; see
   * {@link #runConcurrently(Iterator, int)}.
   *
   * @param calls the calls, iterated lazily
   * @param concurrency the most calls running at once, at least 1
   * @param <T> the type of the values
   * @return one result per call, in iteration order
   * @throws IllegalArgumentException when {@code concurrency} is below 1
   * @throws dev.ergon.ErgonException when the iterator failed or the caller was interrupted
   */
  public <T extends @Nullable Object> List<RetryResult<T>> runConcurrently(
      Iterable<? extends Callable<? extends T>> calls, int concurrency) {
    Objects.requireNonNull(calls, "calls");
    return runConcurrently(calls.iterator(), concurrency);
  }

  /** Starts {@code task} on a new thread of the factory. */
  Thread start(Runnable task) {
    Thread thread = threadFactory.newThread(task);
    if (thread == null) {
      throw new RejectedExecutionException(name + ": the thread factory made no thread");
    }
    thread.start();
    return thread;
  }

  private <T extends @Nullable Object> T attempt(Callable<? extends T> call, int n)
      throws Exception {
    Duration timeout = policy.timeout();
    return timeout == null ? call.call() : TimedAttempt.run(this, call, n, timeout);
  }

  /**
   * Reports failed attempt {@code n}, then either says why to stop or waits the backoff before the
   * next attempt.
   *
   * @return why to stop, or {@code null} to make the next attempt
   */
  private @Nullable FailureReason afterFailure(int n, Throwable failure, boolean interrupted) {
    notifyListener(l -> l.attemptFailed(n, failure));
    FailureReason stop = interrupted ? FailureReason.INTERRUPTED : reasonToStop(failure, n);
    if (stop != null) {
      return stop;
    }
    Duration delay = delayBeforeRetry(n - 1);
    LOG.warn(
        "{}: attempt {}/{} failed: {}; retrying in {}",
        name,
        n,
        policy.maxAttempts(),
        failure.toString(),
        delay);
    notifyListener(l -> l.retryScheduled(n + 1, delay));
    return pause(delay);
  }

  private @Nullable FailureReason reasonToStop(Throwable failure, int n) {
    if (failure instanceof NonRetryableException
        || failure instanceof TransactionException te && !te.isRetryable()) {
      return FailureReason.NON_RETRYABLE;
    }
    if (n >= policy.maxAttempts()) {
      return FailureReason.EXHAUSTED;
    }
    if (Thread.currentThread().isInterrupted()) {
      return FailureReason.INTERRUPTED;
    }
    return stopSignal.isStopped() ? FailureReason.STOPPED : null;
  }

  private Duration delayBeforeRetry(int n) {
    Duration delay = policy.delayBeforeRetry(n);
    if (policy.jitter() == 0 || !delay.isPositive()) {
      return delay;
    }
    return Jitter.apply(delay, policy.jitter(), random.nextDouble(), policy.backoffCap());
  }

  private @Nullable FailureReason pause(Duration delay) {
    if (!delay.isPositive()) {
      return null;
    }
    try {
      return stopSignal.sleep(timeSource, delay) ? null : FailureReason.STOPPED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return FailureReason.INTERRUPTED;
    }
  }

  // The two events of every attempt are plain calls, not a lambda each: they are on the hot path.
  private void attemptStarted(int n) {
    try {
      listener.attemptStarted(n);
    } catch (Throwable e) {
      listenerFailed(e);
    }
  }

  private void attemptSucceeded(int n) {
    try {
      listener.attemptSucceeded(n);
    } catch (Throwable e) {
      listenerFailed(e);
    }
  }

  private void listenerFailed(Throwable e) {
    rethrowIfFatal(e);
    LOG.warn("{}: retry listener {} failed; ignoring it", name, listener, e);
  }

  private void notifyListener(Consumer<RetryListener> event) {
    try {
      event.accept(listener);
    } catch (Throwable e) {
      rethrowIfFatal(e);
      LOG.warn("{}: retry listener {} failed; ignoring it", name, listener, e);
    }
  }

  static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }
}
