package dev.ergon.runtime.internal;

import dev.ergon.policy.SupervisionPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Liveness supervision of one worker: after {@code startup_grace}, every {@code check_interval} (on
 * a daemon thread named {@code ergon-liveness-supervisor}) it runs the liveness check; a check that
 * throws counts as unhealthy. The first unhealthy verdict is logged; unhealthiness that lasts
 * {@code unhealthy_grace} is logged as critical and requests a shutdown (once); a healthy verdict
 * resets the timer. {@link #tick()} is the decision step, for tests with an injected clock.
 */
public final class Supervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  private final SupervisionPolicy policy;
  private final Supplier<Verdict> check;
  private final Consumer<Verdict> onUnhealthy;
  private final LongSupplier clock;
  private final long startedAt;
  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile Verdict last = Verdict.healthy("starting", Map.of());
  private @Nullable Long unhealthySince;
  private boolean requested;
  private volatile @Nullable Thread thread;

  /**
   * Creates a supervisor; its startup grace starts now.
   *
   * @param policy the settings
   * @param check the liveness check of the worker
   * @param onUnhealthy called once when unhealthiness outlasts {@code unhealthy_grace}
   * @param clock monotonic nanoseconds ({@code System::nanoTime} outside tests)
   */
  public Supervisor(
      SupervisionPolicy policy,
      Supplier<Verdict> check,
      Consumer<Verdict> onUnhealthy,
      LongSupplier clock) {
    this.policy = policy;
    this.check = check;
    this.onUnhealthy = onUnhealthy;
    this.clock = clock;
    this.startedAt = clock.getAsLong();
  }

  /**
   * Runs one check and acts on it.
   *
   * @return the verdict (a healthy {@code starting} one during the startup grace)
   */
  public synchronized Verdict tick() {
    long now = clock.getAsLong();
    if (now - startedAt < policy.startupGrace().toNanos()) {
      return last;
    }
    Verdict v;
    try {
      v = check.get();
    } catch (RuntimeException e) {
      v = Verdict.unhealthy("check_failed", "liveness check raised " + e, Map.of());
    }
    last = v;
    if (v.healthy()) {
      if (unhealthySince != null) {
        LOG.info("liveness: healthy again ({})", v.state());
      }
      unhealthySince = null;
      return v;
    }
    if (unhealthySince == null) {
      unhealthySince = now;
      LOG.error("liveness: unhealthy ({}): {}", v.state(), v.reason());
    }
    Duration unhealthyFor = Duration.ofNanos(now - unhealthySince);
    if (!requested && unhealthyFor.compareTo(policy.unhealthyGrace()) >= 0) {
      requested = true;
      LOG.error(
          "CRITICAL: liveness: unhealthy for {} (unhealthy_grace {}): {}; requesting shutdown",
          unhealthyFor,
          policy.unhealthyGrace(),
          v.reason());
      onUnhealthy.accept(v);
    }
    return v;
  }

  /**
   * The last verdict.
   *
   * @return the verdict of the last check, or a healthy {@code starting} one before any
   */
  public Verdict lastVerdict() {
    return last;
  }

  /** Starts the supervisor thread. */
  public synchronized void start() {
    if (thread == null) {
      thread = Thread.ofPlatform().daemon(true).name("ergon-liveness-supervisor").start(this::loop);
    }
  }

  private void loop() {
    long interval = policy.checkInterval().toNanos();
    try {
      while (!stop.await(interval, TimeUnit.NANOSECONDS)) {
        tick();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("liveness supervisor failed; supervision ends", e);
    }
  }

  /** Stops the thread and waits for it a little ({@code max(1 s, 2 × check_interval)}). */
  @Override
  public void close() {
    stop.countDown();
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(Math.max(1000, 2 * policy.checkInterval().toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
