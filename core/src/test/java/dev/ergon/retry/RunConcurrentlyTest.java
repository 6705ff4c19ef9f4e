package dev.ergon.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.ErgonException;
import dev.ergon.policy.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunConcurrentlyTest {
  private static final Duration GENEROUS = Duration.ofSeconds(10);
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger completed = new AtomicInteger();

  @AfterEach
  void releaseBlockedCalls() {
    release.countDown();
  }

  private static Retry retry(int maxAttempts) {
    return Retry.of(RetryPolicy.builder().maxAttempts(maxAttempts).build()).withName("batch");
  }

  /** A call that counts itself running, blocks until released, then returns {@code value}. */
  private Callable<Integer> blocking(int value) {
    return () -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        release.await();
        return value;
      } finally {
        running.decrementAndGet();
        completed.incrementAndGet();
      }
    };
  }

  private static List<Object> values(List<RetryResult<Integer>> results) {
    List<Object> values = new ArrayList<>();
    for (RetryResult<Integer> r : results) {
      values.add(r instanceof RetryResult.Success<Integer> s ? s.value() : r);
    }
    return values;
  }

  @Test
  void allCallsCompleteAndResultsFollowTheInputOrder() {
    CountDownLatch lastDone = new CountDownLatch(1);
    List<Callable<Integer>> calls = new ArrayList<>();
    calls.add(
        () -> {
          lastDone.await(); // the first call finishes after the last one
          return 0;
        });
    for (int i = 1; i < 9; i++) {
      int value = i;
      calls.add(() -> value);
    }
    calls.add(
        () -> {
          lastDone.countDown();
          return 9;
        });

    List<RetryResult<Integer>> results = retry(1).runConcurrently(calls, 3);

    assertThat(values(results)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void peakConcurrencyNeverExceedsTheBound() throws Exception {
    List<Callable<Integer>> calls = IntStream.range(0, 12).mapToObj(this::blocking).toList();

    FutureTask<List<RetryResult<Integer>>> run =
        inBackground(() -> retry(1).runConcurrently(calls, 4));
    await().atMost(GENEROUS).until(() -> running.get() == 4);
    release.countDown();

    assertThat(run.get(GENEROUS.toSeconds(), TimeUnit.SECONDS)).hasSize(12);
    assertThat(peak.get()).isEqualTo(4);
    assertThat(completed).hasValue(12);
  }

  @Test
  void slotsAreRefilledSoSixCallsRunWithConcurrencyTwo() {
    AtomicInteger calls = new AtomicInteger();
    List<Callable<Integer>> six =
        IntStream.range(0, 6)
            .<Callable<Integer>>mapToObj(i -> () -> calls.incrementAndGet())
            .toList();

    List<RetryResult<Integer>> results = retry(1).runConcurrently(six, 2);

    assertThat(calls).hasValue(6);
    assertThat(results).hasSize(6).allMatch(RetryResult::isSuccess);
  }

  @Test
  void callsArePulledLazilyOnlyWhenASlotFrees() throws Exception {
    CountingIterator pulled = new CountingIterator(5);

    FutureTask<List<RetryResult<Integer>>> run =
        inBackground(() -> retry(1).runConcurrently(pulled, 2));
    await().atMost(GENEROUS).until(() -> running.get() == 2);

    assertThat(pulled.nexts).hasValue(2);
    release.countDown();
    assertThat(values(run.get(GENEROUS.toSeconds(), TimeUnit.SECONDS)))
        .containsExactly(0, 1, 2, 3, 4);
    assertThat(pulled.nexts).hasValue(5);
  }

  @Test
  void anEmptyIteratorGivesAnEmptyList() {
    assertThat(retry(1).runConcurrently(List.<Callable<Integer>>of(), 3)).isEmpty();
  }

  @Test
  void fewerCallsThanTheConcurrencyAllRun() {
    List<Callable<Integer>> two = List.of(() -> 1, () -> 2);

    assertThat(values(retry(1).runConcurrently(two, 8))).containsExactly(1, 2);
  }

  @Test
  void anIteratorFailureWaitsForTheCallsInFlightThenThrows() throws Exception {
    IllegalStateException broken = new IllegalStateException("source broken");
    AtomicBoolean threw = new AtomicBoolean();
    Iterator<Callable<Integer>> calls =
        new Iterator<>() {
          private int n;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Callable<Integer> next() {
            n++;
            if (n == 1) {
              return () -> 0; // finishes at once, so the window refills
            }
            if (n == 2) {
              return blocking(1);
            }
            threw.set(true);
            throw broken;
          }
        };

    FutureTask<List<RetryResult<Integer>>> run =
        inBackground(() -> retry(1).runConcurrently(calls, 2));
    await().atMost(GENEROUS).untilTrue(threw);

    assertThat(run.isDone()).as("still waiting for the blocked call").isFalse();
    release.countDown();
    assertThatThrownBy(() -> run.get(GENEROUS.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(ErgonException.class)
        .hasMessageContaining("batch: could not take call #3")
        .cause()
        .isSameAs(broken);
    assertThat(completed).hasValue(1);
  }

  @Test
  void eachCallIsRetriedPerThePolicy() {
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      AtomicInteger attempts = new AtomicInteger();
      calls.add(
          () -> {
            if (attempts.incrementAndGet() < 3) {
              throw new IllegalStateException("flaky");
            }
            return attempts.get();
          });
    }

    List<RetryResult<Integer>> results = retry(3).runConcurrently(calls.iterator(), 2);

    assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.attempts()).isEqualTo(3));
    assertThat(values(results)).containsExactly(3, 3, 3, 3);
  }

  @Test
  void aFailedCallIsAFailureResultNotAnException() {
    List<Callable<Integer>> calls =
        List.of(
            () -> 1,
            () -> {
              throw new NonRetryableException("bad");
            });

    List<RetryResult<Integer>> results = retry(3).runConcurrently(calls, 2);

    assertThat(results.get(0).isSuccess()).isTrue();
    assertThat(results.get(1))
        .isInstanceOfSatisfying(
            RetryResult.Failure.class,
            f -> assertThat(f.reason()).isEqualTo(FailureReason.NON_RETRYABLE));
  }

  @Test
  void aConcurrencyBelowOneIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> retry(1).runConcurrently(List.<Callable<Integer>>of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("concurrency must be >= 1 but was 0");
  }

  @Test
  void interruptingTheCallerCancelsTheCallsInFlightAndKeepsTheFlag() throws Exception {
    AtomicInteger sawInterrupt = new AtomicInteger();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      calls.add(
          () -> {
            running.incrementAndGet();
            try {
              release.await();
              return 1;
            } catch (InterruptedException e) {
              sawInterrupt.incrementAndGet();
              throw e;
            }
          });
    }
    AtomicBoolean flagAfter = new AtomicBoolean();
    FutureTask<List<RetryResult<Integer>>> run =
        new FutureTask<>(
            () -> {
              try {
                return retry(1).runConcurrently(calls, 2);
              } finally {
                flagAfter.set(Thread.currentThread().isInterrupted());
              }
            });
    Thread caller = Thread.ofPlatform().daemon().start(run);
    await().atMost(GENEROUS).until(() -> running.get() == 2);

    caller.interrupt();

    assertThatThrownBy(() -> run.get(GENEROUS.toSeconds(), TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(ErgonException.class)
        .hasMessageContaining("interrupted")
        .cause()
        .isInstanceOf(InterruptedException.class);
    assertThat(flagAfter).isTrue();
    await().atMost(GENEROUS).until(() -> sawInterrupt.get() == 2);
    assertThat(running).hasValue(2);
  }

  private static <T> FutureTask<T> inBackground(Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread.ofPlatform().daemon().start(task);
    return task;
  }

  /** Yields {@code size} blocking calls and counts how often {@code next()} was called. */
  private final class CountingIterator implements Iterator<Callable<Integer>> {
    final AtomicInteger nexts = new AtomicInteger();
    private final int size;

    CountingIterator(int size) {
      this.size = size;
    }

    @Override
    public boolean hasNext() {
      return nexts.get() < size;
    }

    @Override
    public Callable<Integer> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return blocking(nexts.getAndIncrement());
    }
  }
}
