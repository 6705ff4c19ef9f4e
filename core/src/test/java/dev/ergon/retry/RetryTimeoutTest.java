package dev.ergon.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.policy.RetryPolicy;
import dev.ergon.time.StopSignal;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-attempt timeouts, the stop signal and interrupts, all in real time. */
class RetryTimeoutTest {
  private static final Duration GENEROUS = Duration.ofSeconds(10);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseBlockedAttempts() {
    release.countDown();
  }

  private static Retry retry(RetryPolicy.Builder policy) {
    return Retry.of(policy.build()).withName("timeouts");
  }

  /** Blocks until released, swallowing every interrupt. */
  private String stubborn() {
    while (true) {
      try {
        release.await();
        return "late";
      } catch (InterruptedException ignored) {
        // deliberately deaf to interrupts
      }
    }
  }

  @Test
  void anAttemptThatIgnoresInterruptsIsAbandonedWhenItsTimeoutExpires() {
    Retry retry = retry(RetryPolicy.builder().timeout(Duration.ofMillis(200)));

    long start = System.nanoTime();
    RetryResult<String> result = retry.run(this::stubborn);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
    assertThat(result)
        .isInstanceOfSatisfying(
            RetryResult.Failure.class,
            f -> {
              assertThat(f.reason()).isEqualTo(FailureReason.EXHAUSTED);
              assertThat(f.attempts()).isEqualTo(1);
              assertThat(f.error())
                  .isInstanceOfSatisfying(
                      AttemptTimeoutException.class,
                      e -> {
                        assertThat(e.attempt()).isEqualTo(1);
                        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200));
                      });
            });
  }

  @Test
  void everyTimedOutAttemptIsAbandonedSoTheWholeRunStaysBounded() {
    Retry retry = retry(RetryPolicy.builder().maxAttempts(3).timeout(Duration.ofMillis(100)));

    long start = System.nanoTime();
    RetryResult<String> result = retry.run(this::stubborn);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(((RetryResult.Failure<String>) result).error())
        .isInstanceOf(AttemptTimeoutException.class);
  }

  @Test
  void aTimedOutAttemptThatHonoursInterruptsIsInterrupted() {
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    Callable<String> polite =
        () -> {
          try {
            release.await();
            return "late";
          } catch (InterruptedException e) {
            sawInterrupt.set(true);
            throw e;
          }
        };

    RetryResult<String> result =
        retry(RetryPolicy.builder().timeout(Duration.ofMillis(200))).run(polite);

    assertThat(((RetryResult.Failure<String>) result).error())
        .isInstanceOf(AttemptTimeoutException.class);
    await().atMost(GENEROUS).untilTrue(sawInterrupt);
  }

  @Test
  void aTimedOutAttemptFollowedByAFastOneSucceedsOnTheSecondAttempt() {
    AtomicInteger calls = new AtomicInteger();

    RetryResult<String> result =
        retry(RetryPolicy.builder().maxAttempts(3).timeout(Duration.ofMillis(200)))
            .run(() -> calls.incrementAndGet() == 1 ? stubborn() : "fast");

    assertThat(result).isEqualTo(new RetryResult.Success<>("fast", 2));
  }

  @Test
  void aTimedAttemptRunsOnAThreadOfTheFactoryAndItsFailureIsUnwrapped() {
    AtomicReference<String> threadName = new AtomicReference<>();
    IllegalStateException boom = new IllegalStateException("boom");

    RetryResult<String> result =
        retry(RetryPolicy.builder().timeout(Duration.ofSeconds(30)))
            .withThreadFactory(r -> new Thread(r, "custom-attempt"))
            .run(
                () -> {
                  threadName.set(Thread.currentThread().getName());
                  throw boom;
                });

    assertThat(threadName).hasValue("custom-attempt");
    assertThat(result).isEqualTo(new RetryResult.Failure<>(boom, 1, FailureReason.EXHAUSTED));
  }

  @Test
  void anAttemptWithoutTimeoutRunsOnTheCallingThread() {
    assertThat(Retry.of(RetryPolicy.defaults()).run(Thread::currentThread))
        .isEqualTo(new RetryResult.Success<>(Thread.currentThread(), 1));
  }

  @Test
  void stoppingTheSignalEndsALongBackoffPromptly() throws Exception {
    StopSignal stop = new StopSignal();
    CountDownLatch scheduled = new CountDownLatch(1);
    Retry retry =
        retry(RetryPolicy.builder().maxAttempts(2).backoff(Duration.ofHours(1)))
            .withStopSignal(stop)
            .withListener(
                new RetryListener() {
                  @Override
                  public void retryScheduled(int nextAttempt, Duration delay) {
                    scheduled.countDown();
                  }
                });
    AtomicInteger calls = new AtomicInteger();

    FutureTask<RetryResult<String>> run =
        inBackground(
            () ->
                retry.run(
                    () -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("down");
                    }));
    assertThat(scheduled.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    stop.stop();
    RetryResult<String> result = run.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(calls).hasValue(1);
    assertThat(result)
        .isInstanceOfSatisfying(
            RetryResult.Failure.class,
            f -> {
              assertThat(f.reason()).isEqualTo(FailureReason.STOPPED);
              assertThat(f.error()).hasMessage("down");
            });
  }

  @Test
  void interruptingTheCallerDuringBackoffStopsAndKeepsTheFlag() throws Exception {
    CountDownLatch scheduled = new CountDownLatch(1);
    Retry retry =
        retry(RetryPolicy.builder().maxAttempts(2).backoff(Duration.ofHours(1)))
            .withListener(
                new RetryListener() {
                  @Override
                  public void retryScheduled(int nextAttempt, Duration delay) {
                    scheduled.countDown();
                  }
                });
    AtomicBoolean flagAfter = new AtomicBoolean();
    FutureTask<RetryResult<String>> run =
        new FutureTask<>(
            () -> {
              RetryResult<String> r =
                  retry.run(
                      () -> {
                        throw new IllegalStateException("down");
                      });
              flagAfter.set(Thread.currentThread().isInterrupted());
              return r;
            });
    Thread caller = Thread.ofPlatform().start(run);

    assertThat(scheduled.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    RetryResult<String> result = run.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

    assertThat(((RetryResult.Failure<String>) result).reason())
        .isEqualTo(FailureReason.INTERRUPTED);
    assertThat(flagAfter).isTrue();
  }

  @Test
  void interruptingTheCallerWhileItWaitsForATimedAttemptInterruptsTheAttemptToo() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean attemptSawInterrupt = new AtomicBoolean();
    AtomicBoolean flagAfter = new AtomicBoolean();
    Retry retry = retry(RetryPolicy.builder().maxAttempts(3).timeout(Duration.ofHours(1)));
    FutureTask<RetryResult<String>> run =
        new FutureTask<>(
            () -> {
              RetryResult<String> r =
                  retry.run(
                      () -> {
                        started.countDown();
                        try {
                          release.await();
                          return "late";
                        } catch (InterruptedException e) {
                          attemptSawInterrupt.set(true);
                          throw e;
                        }
                      });
              flagAfter.set(Thread.currentThread().isInterrupted());
              return r;
            });
    Thread caller = Thread.ofPlatform().start(run);

    assertThat(started.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    RetryResult<String> result = run.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);

    assertThat(result)
        .isInstanceOfSatisfying(
            RetryResult.Failure.class,
            f -> {
              assertThat(f.reason()).isEqualTo(FailureReason.INTERRUPTED);
              assertThat(f.attempts()).isEqualTo(1);
              assertThat(f.error()).isInstanceOf(InterruptedException.class);
            });
    assertThat(flagAfter).isTrue();
    await().atMost(GENEROUS).untilTrue(attemptSawInterrupt);
  }

  private static <T> FutureTask<T> inBackground(Callable<T> work) {
    FutureTask<T> task = new FutureTask<>(work);
    Thread.ofPlatform().daemon().start(task);
    return task;
  }
}
