package dev.ergon.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.ergon.policy.RetryPolicy;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.TransactionException;
import dev.ergon.transaction.TransactionException.Category;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryTest {
  private final ManualTimeSource time = new ManualTimeSource();

  private Retry retry(RetryPolicy.Builder policy) {
    return Retry.of(policy.build()).withTimeSource(time).withName("test");
  }

  private static RetryPolicy.Builder attempts(int max) {
    return RetryPolicy.builder().maxAttempts(max);
  }

  /** Fails with IOException("boom #n") for the first {@code failures} calls, then returns "ok". */
  private static Callable<String> failing(int failures, AtomicInteger calls) {
    return () -> {
      int n = calls.incrementAndGet();
      if (n <= failures) {
        throw new IOException("boom #" + n);
      }
      return "ok";
    };
  }

  @Test
  void successReturnsTheValueAfterOneAttempt() {
    RetryResult<Integer> result = retry(attempts(3)).run(() -> 42);

    assertThat(result).isEqualTo(new RetryResult.Success<>(42, 1));
    assertThat(result.isSuccess()).isTrue();
    assertThat(result.retries()).isZero();
  }

  @Test
  void aNullValueIsASuccessToo() {
    assertThat(retry(attempts(1)).run(() -> null)).isEqualTo(new RetryResult.Success<>(null, 1));
  }

  @Test
  void aSingleFailureWithOneAttemptIsExhaustedAndHoldsTheException() {
    IllegalStateException boom = new IllegalStateException("boom");

    RetryResult<String> result =
        retry(attempts(1))
            .run(
                () -> {
                  throw boom;
                });

    assertThat(result).isEqualTo(new RetryResult.Failure<>(boom, 1, FailureReason.EXHAUSTED));
    assertThat(result.isSuccess()).isFalse();
  }

  @Test
  void anAlwaysFailingCallIsMadeMaxAttemptsTimes() {
    AtomicInteger calls = new AtomicInteger();

    RetryResult<String> result = retry(attempts(3)).run(failing(Integer.MAX_VALUE, calls));

    assertThat(calls).hasValue(3);
    assertThat(result)
        .asInstanceOf(type(RetryResult.Failure.class))
        .satisfies(
            f -> {
              assertThat(f.attempts()).isEqualTo(3);
              assertThat(f.retries()).isEqualTo(2);
              assertThat(f.reason()).isEqualTo(FailureReason.EXHAUSTED);
              assertThat(f.error()).isInstanceOf(IOException.class).hasMessage("boom #3");
            });
  }

  @Test
  void aFlakyCallSucceedsOnTheThirdAttempt() {
    AtomicInteger calls = new AtomicInteger();

    assertThat(retry(attempts(5)).run(failing(2, calls)))
        .isEqualTo(new RetryResult.Success<>("ok", 3));
    assertThat(calls).hasValue(3);
  }

  @Test
  void backoffDoublesBeforeEachRetry() {
    retry(attempts(4).backoff(Duration.ofSeconds(1)).backoffMultiplier(2))
        .run(failing(Integer.MAX_VALUE, new AtomicInteger()));

    assertThat(time.sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void backoffIsCappedAtTheBackoffCap() {
    retry(
            attempts(4)
                .backoff(Duration.ofSeconds(1))
                .backoffMultiplier(2)
                .backoffCap(Duration.ofSeconds(3)))
        .run(failing(Integer.MAX_VALUE, new AtomicInteger()));

    assertThat(time.sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
  }

  @Test
  void zeroBackoffNeverCallsSleep() {
    retry(attempts(3)).run(failing(Integer.MAX_VALUE, new AtomicInteger()));

    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void noSleepFollowsTheLastAttempt() {
    AtomicInteger calls = new AtomicInteger();

    retry(attempts(2).backoff(Duration.ofSeconds(1))).run(failing(Integer.MAX_VALUE, calls));

    assertThat(time.sleeps).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void jitterPicksDelaysWithinTheDocumentedRange() {
    RetryPolicy.Builder policy =
        attempts(2).backoff(Duration.ofSeconds(1)).backoffMultiplier(2).jitter(0.5);

    retry(policy).withRandom(fixed(0.0)).run(failing(1, new AtomicInteger()));
    retry(policy).withRandom(fixed(0.25)).run(failing(1, new AtomicInteger()));
    retry(policy).withRandom(fixed(0.5)).run(failing(1, new AtomicInteger()));
    retry(policy).withRandom(fixed(Math.nextDown(1.0))).run(failing(1, new AtomicInteger()));

    assertThat(time.sleeps.subList(0, 3))
        .containsExactly(Duration.ofMillis(500), Duration.ofMillis(750), Duration.ofSeconds(1));
    assertThat(time.sleeps.get(3)).isBetween(Duration.ofMillis(1499), Duration.ofMillis(1500));
  }

  @Test
  void jitterNeverExceedsTheCap() {
    retry(
            attempts(5)
                .backoff(Duration.ofSeconds(1))
                .backoffMultiplier(2)
                .backoffCap(Duration.ofSeconds(3))
                .jitter(1.0))
        .withRandom(fixed(Math.nextDown(1.0)))
        .run(failing(Integer.MAX_VALUE, new AtomicInteger()));

    assertThat(time.sleeps)
        .hasSize(4)
        .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(3)));
    assertThat(time.sleeps.get(3)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void aNonRetryableExceptionStopsAfterOneCall() {
    AtomicInteger calls = new AtomicInteger();

    RetryResult<String> result =
        retry(attempts(5))
            .run(
                () -> {
                  calls.incrementAndGet();
                  throw new NonRetryableException("bad input");
                });

    assertThat(calls).hasValue(1);
    assertThat(result)
        .isInstanceOfSatisfying(
            RetryResult.Failure.class,
            f -> {
              assertThat(f.reason()).isEqualTo(FailureReason.NON_RETRYABLE);
              assertThat(f.error()).isInstanceOf(NonRetryableException.class);
            });
  }

  @Test
  void aBusinessTransactionExceptionIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();

    RetryResult<String> result =
        retry(attempts(5))
            .run(
                () -> {
                  calls.incrementAndGet();
                  throw new TransactionException("unknown customer", Category.BUSINESS);
                });

    assertThat(calls).hasValue(1);
    assertThat(((RetryResult.Failure<String>) result).reason())
        .isEqualTo(FailureReason.NON_RETRYABLE);
  }

  @Test
  void aSystemTransactionExceptionIsRetried() {
    AtomicInteger calls = new AtomicInteger();

    RetryResult<String> result =
        retry(attempts(3))
            .run(
                () -> {
                  calls.incrementAndGet();
                  throw new TransactionException("database down", Category.SYSTEM);
                });

    assertThat(calls).hasValue(3);
    assertThat(((RetryResult.Failure<String>) result).reason()).isEqualTo(FailureReason.EXHAUSTED);
  }

  @Test
  void aVirtualMachineErrorIsRethrown() {
    assertThatThrownBy(
            () ->
                retry(attempts(3))
                    .run(
                        () -> {
                          throw new StackOverflowError("deep");
                        }))
        .isInstanceOf(StackOverflowError.class);
  }

  @Test
  void anAlreadyStoppedSignalPreventsAnyRetry() {
    StopSignal stop = new StopSignal();
    stop.stop();
    AtomicInteger calls = new AtomicInteger();

    RetryResult<String> result =
        retry(attempts(3).backoff(Duration.ofSeconds(1)))
            .withStopSignal(stop)
            .run(failing(Integer.MAX_VALUE, calls));

    assertThat(calls).hasValue(1);
    assertThat(((RetryResult.Failure<String>) result).reason()).isEqualTo(FailureReason.STOPPED);
    assertThat(time.sleeps).isEmpty();
  }

  @Test
  void anInterruptedExceptionFromAnInlineAttemptStopsAndKeepsTheInterruptFlag() {
    AtomicInteger calls = new AtomicInteger();
    try {
      RetryResult<String> result =
          retry(attempts(3))
              .run(
                  () -> {
                    calls.incrementAndGet();
                    throw new InterruptedException("cancelled");
                  });

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(calls).hasValue(1);
      assertThat(((RetryResult.Failure<String>) result).reason())
          .isEqualTo(FailureReason.INTERRUPTED);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void aCallerInterruptedBeforeTheBackoffStopsWithoutRetrying() {
    AtomicInteger calls = new AtomicInteger();
    try {
      RetryResult<String> result =
          retry(attempts(3).backoff(Duration.ofSeconds(1)))
              .run(
                  () -> {
                    calls.incrementAndGet();
                    Thread.currentThread().interrupt();
                    throw new IOException("channel closed by interrupt");
                  });

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(calls).hasValue(1);
      assertThat(((RetryResult.Failure<String>) result).reason())
          .isEqualTo(FailureReason.INTERRUPTED);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void theListenerSeesEveryStepInOrder() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    RetryListener listener =
        new RetryListener() {
          @Override
          public void attemptStarted(int attempt) {
            events.add("started " + attempt);
          }

          @Override
          public void attemptSucceeded(int attempt) {
            events.add("succeeded " + attempt);
          }

          @Override
          public void attemptFailed(int attempt, Throwable error) {
            events.add("failed " + attempt + " " + error.getMessage());
          }

          @Override
          public void retryScheduled(int nextAttempt, Duration delay) {
            events.add("scheduled " + nextAttempt + " in " + delay);
          }
        };

    retry(attempts(3).backoff(Duration.ofSeconds(1)))
        .withListener(listener)
        .run(failing(1, new AtomicInteger()));

    assertThat(events)
        .containsExactly(
            "started 1", "failed 1 boom #1", "scheduled 2 in PT1S", "started 2", "succeeded 2");
  }

  @Test
  void aThrowingListenerDoesNotChangeTheOutcome() {
    RetryListener broken =
        new RetryListener() {
          @Override
          public void attemptStarted(int attempt) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void attemptFailed(int attempt, Throwable error) {
            throw new IllegalStateException("listener bug");
          }
        };

    assertThat(retry(attempts(3)).withListener(broken).run(failing(1, new AtomicInteger())))
        .isEqualTo(new RetryResult.Success<>("ok", 2));
  }

  @Test
  void callReturnsTheValue() {
    assertThat(retry(attempts(3)).call(failing(2, new AtomicInteger()))).isEqualTo("ok");
  }

  @Test
  void callThrowsRetriesExhaustedWithTheLastFailureAndTheAttempts() {
    assertThatThrownBy(() -> retry(attempts(2)).call(failing(5, new AtomicInteger())))
        .isInstanceOfSatisfying(
            RetriesExhaustedException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(2);
              assertThat(e.reason()).isEqualTo(FailureReason.EXHAUSTED);
              assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("boom #2");
              assertThat(e)
                  .hasMessage("test: gave up after 2 attempt(s): java.io.IOException: boom #2");
            });
  }

  @Test
  void callWrapsANonRetryableFailureToo() {
    assertThatThrownBy(
            () ->
                retry(attempts(3))
                    .call(
                        () -> {
                          throw new NonRetryableException("no");
                        }))
        .isInstanceOfSatisfying(
            RetriesExhaustedException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(1);
              assertThat(e.reason()).isEqualTo(FailureReason.NON_RETRYABLE);
              assertThat(e.getCause()).isInstanceOf(NonRetryableException.class);
            });
  }

  @Test
  void withersReturnCopiesAndKeepTheOriginal() {
    Retry original = Retry.of(RetryPolicy.defaults());
    Retry named = original.withName("orders");

    assertThat(original.name()).isEqualTo("retry");
    assertThat(named.name()).isEqualTo("orders");
    assertThat(named.policy()).isEqualTo(RetryPolicy.defaults());
  }

  private static RandomGenerator fixed(double uniform) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("the jitter only draws nextDouble()");
      }

      @Override
      public double nextDouble() {
        return uniform;
      }
    };
  }

  /** Records requested sleeps and advances a fake clock instead of sleeping. */
  private static final class ManualTimeSource implements TimeSource {
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private long nanos;

    @Override
    public synchronized long nanoTime() {
      return nanos;
    }

    @Override
    public synchronized Instant now() {
      return Instant.EPOCH.plusNanos(nanos);
    }

    @Override
    public synchronized void sleep(Duration duration) {
      sleeps.add(duration);
      nanos += duration.toNanos();
    }
  }
}
