package dev.ergon.runtime.internal;

import dev.ergon.runtime.ExitCodes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns shutdown requests (signals, supervision) into one graceful shutdown of a worker: the first
 * request stops the worker and arms a watchdog that ends the process with exit code 1 when the
 * shutdown outlives its grace; a second signal from the same source ends the process at once with
 * that signal's code. Thread-safe.
 *
 * <p>Signals are counted per source ({@code os} for the process's own signals, {@code parent} for
 * those a parent process forwards), so that a terminal's Ctrl-C, which reaches both a parent and
 * its worker processes, counts once in a worker and not as a second signal.
 */
public final class ShutdownCoordinator {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownCoordinator.class);

  /** Why a shutdown was requested, with the exit code it gives. */
  public enum Cause {
    /** SIGINT: exit 130. */
    SIGINT(ExitCodes.SIGINT),
    /** SIGTERM: exit 143. */
    SIGTERM(ExitCodes.SIGTERM),
    /** Supervision found the worker unhealthy for too long: exit 1. */
    UNHEALTHY(ExitCodes.FAILURE);

    private final int code;

    Cause(int code) {
      this.code = code;
    }

    /**
     * The exit code of a run stopped for this cause.
     *
     * @return the code
     */
    public int code() {
      return code;
    }
  }

  private final Duration grace;
  private final Runnable stopAction;
  private final IntConsumer halt;
  private final Supplier<String> inFlight;
  private final Map<String, Integer> signalsBySource = new HashMap<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private @Nullable Cause first;
  private boolean watchdogArmed;

  /**
   * Creates a coordinator.
   *
   * @param grace how long a shutdown may take
   * @param stopAction stops the worker (stop fetching, drain)
   * @param halt ends the process with a code, without shutdown hooks
   * @param inFlight describes the transactions still in flight, for the watchdog's message
   */
  public ShutdownCoordinator(
      Duration grace, Runnable stopAction, IntConsumer halt, Supplier<String> inFlight) {
    this.grace = grace;
    this.stopAction = stopAction;
    this.halt = halt;
    this.inFlight = inFlight;
  }

  /**
   * Ends the JVM at once with {@code code}, after flushing standard output and error; shutdown
   * hooks do not run.
   *
   * @param code the exit code
   */
  public static void haltProcess(int code) {
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(code);
  }

  /**
   * Requests a shutdown.
   *
   * @param cause why
   * @param source where a signal came from ({@code os}, {@code parent}); ignored for supervision
   * @param reason what to log
   */
  public void request(Cause cause, String source, String reason) {
    boolean stopNow;
    synchronized (this) {
      if (cause != Cause.UNHEALTHY) {
        int n = signalsBySource.merge(source, 1, Integer::sum);
        if (n >= 2) {
          LOG.warn(
              "second signal ({}, from {}): exiting at once with {}", cause, source, cause.code);
          halt.accept(cause.code);
          return;
        }
      }
      stopNow = first == null;
      if (stopNow) {
        first = cause;
      }
    }
    if (!stopNow) {
      LOG.info("shutdown already in progress; {} ({}) noted", cause, reason);
      return;
    }
    LOG.info(
        "{}: shutting down gracefully (stop fetching, finish in-flight work, release the rest);"
            + " grace {}",
        reason,
        grace);
    arm("shutdown");
    try {
      stopAction.run();
    } catch (RuntimeException e) {
      LOG.error("stopping the worker failed", e);
    }
  }

  /** Bounds the clean-up after a run that ended on its own by the same grace (once). */
  public void armCleanupDeadline() {
    arm("clean-up");
  }

  private void arm(String what) {
    synchronized (this) {
      if (watchdogArmed) {
        return;
      }
      watchdogArmed = true;
    }
    Thread.ofPlatform().daemon(true).name("ergon-shutdown-watchdog").start(() -> watch(what));
  }

  private void watch(String what) {
    try {
      if (finished.await(grace.toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    LOG.error(
        "CRITICAL: the {} did not finish within the shutdown grace of {}; forcing exit 1."
            + " Still in flight: {}",
        what,
        grace,
        inFlight.get());
    halt.accept(ExitCodes.FAILURE);
  }

  /** Marks the run as finished: the watchdog stands down. */
  public void finished() {
    finished.countDown();
  }

  /**
   * Whether a shutdown was requested.
   *
   * @return true once requested
   */
  public synchronized boolean stopping() {
    return first != null;
  }

  /**
   * The exit code of the first request, if there was one.
   *
   * @return 130, 143 or 1; empty when nothing requested a shutdown
   */
  public synchronized OptionalInt exitCode() {
    return first == null ? OptionalInt.empty() : OptionalInt.of(first.code);
  }
}
