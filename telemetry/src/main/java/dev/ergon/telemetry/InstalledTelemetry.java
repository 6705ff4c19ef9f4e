package dev.ergon.telemetry;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import dev.ergon.telemetry.internal.BuiltSdk;
import dev.ergon.telemetry.internal.LogbackInstallation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's installed telemetry: the OpenTelemetry instance to hand to the engine, and {@link
 * #close()}, which flushes and shuts everything down within a bounded time.
 *
 * <pre>{@code
 * InstalledTelemetry telemetry = ErgonTelemetry.install(config, identity);
 * try (Worker worker = Worker.start(task, WorkerOptions.defaults()
 *     .withOpenTelemetry(telemetry.openTelemetry()))) {
 *   worker.execute();
 * } finally {
 *   telemetry.close(); // every exit path: nothing buffered is lost
 * }
 * }</pre>
 *
 * <p>Closing force-flushes the tracer, meter and logger providers (queued spans, the metrics
 * recorded since the last periodic export, queued log records), then shuts them down, then puts
 * Logback back as it was before {@link ErgonTelemetry#install}. It is idempotent and thread-safe: a
 * second call (a shutdown hook racing the normal exit, say) waits for the first to finish, at most
 * its own timeout. It registers no JVM shutdown hook: the runtime calls it on its exit paths,
 * including before a supervision-forced halt.
 */
public final class InstalledTelemetry implements AutoCloseable {
  /** How long {@link #close()} waits for the flush and the shutdown at most: 10 seconds. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(InstalledTelemetry.class);

  private final WorkerIdentity identity;
  private final BuiltSdk sdk;
  private final @Nullable LogbackInstallation logback;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<Boolean> closed = new CompletableFuture<>();

  InstalledTelemetry(WorkerIdentity identity, BuiltSdk sdk, @Nullable LogbackInstallation logback) {
    this.identity = identity;
    this.sdk = sdk;
    this.logback = logback;
  }

  /**
   * The OpenTelemetry instance for {@code WorkerOptions.withOpenTelemetry}: the worker's SDK, or
   * the no-op instance when neither tracing, metrics nor OTLP logs are configured (the engine's
   * instrumentation then costs next to nothing).
   *
   * @return the instance
   */
  public OpenTelemetry openTelemetry() {
    return sdk.openTelemetry();
  }

  /**
   * The worker's metrics in the Prometheus text format, when the metrics configuration has the
   * Prometheus pull reader: hand it to {@code RunOptions.Builder#metricsText} to serve it on the
   * health endpoint's {@code /metrics}.
   *
   * @return a supplier that collects and renders on each call, or empty
   */
  public java.util.Optional<java.util.function.Supplier<String>> prometheusText() {
    dev.ergon.telemetry.internal.PrometheusReader reader = sdk.prometheus();
    return reader == null ? java.util.Optional.empty() : java.util.Optional.of(reader::scrape);
  }

  /**
   * The resource every span, metric and log record of this worker carries.
   *
   * @return the resource
   */
  public Resource resource() {
    return sdk.resource();
  }

  /**
   * The worker this telemetry belongs to.
   *
   * @return the identity
   */
  public WorkerIdentity identity() {
    return identity;
  }

  /**
   * Exports everything buffered now, without shutting down.
   *
   * @param timeout how long to wait at most
   * @return whether every provider flushed in time
   */
  public boolean flush(Duration timeout) {
    OpenTelemetrySdk s = sdk.sdk();
    if (s == null) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    return bounded(deadline, () -> flushAll(s).join(remaining(deadline), NANOSECONDS).isSuccess());
  }

  /** Flushes and shuts down within {@link #DEFAULT_CLOSE_TIMEOUT}; see {@link #close(Duration)}. */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * Stops sending log records to OpenTelemetry, force-flushes the tracer, meter and logger
   * providers, shuts them down, and restores Logback, all within {@code timeout} (restoring Logback
   * happens even when the flush timed out). Idempotent.
   *
   * @param timeout how long to wait for the flush and the shutdown at most
   * @return whether everything was flushed and shut down in time (false when an exporter failed or
   *     was too slow, e.g. an unreachable collector)
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (!closing.compareAndSet(false, true)) {
      return awaitClosed(timeout);
    }
    boolean ok = true;
    try {
      ok = shutdown(timeout);
    } finally {
      if (logback != null) {
        logback.restore();
      }
      closed.complete(ok);
    }
    if (!ok) {
      LOG.warn(
          "telemetry of task {} worker {} was not fully flushed within {}",
          identity.taskName(),
          identity.workerIndex(),
          timeout);
    }
    return ok;
  }

  private boolean shutdown(Duration timeout) {
    if (logback != null) {
      logback.detachOpenTelemetry();
    }
    OpenTelemetrySdk s = sdk.sdk();
    if (s == null) {
      return true;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    return bounded(
        deadline,
        () -> {
          boolean flushed = flushAll(s).join(remaining(deadline), NANOSECONDS).isSuccess();
          boolean shut = s.shutdown().join(remaining(deadline), NANOSECONDS).isSuccess();
          return flushed && shut;
        });
  }

  /**
   * Runs {@code work} on a daemon thread of its own and waits for it until {@code deadline}: some
   * SDK parts export synchronously in {@code forceFlush()} or {@code shutdown()} (a periodic metric
   * reader waits for its exporter), which must not hold up the caller past its timeout.
   */
  private static boolean bounded(long deadline, BooleanSupplier work) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(work.getAsBoolean());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "ergon-telemetry-flush");
    t.setDaemon(true); // never keeps the JVM alive
    t.start();
    try {
      return result.get(remaining(deadline), NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private static CompletableResultCode flushAll(OpenTelemetrySdk s) {
    return CompletableResultCode.ofAll(
        List.of(
            s.getSdkTracerProvider().forceFlush(),
            s.getSdkMeterProvider().forceFlush(),
            s.getSdkLoggerProvider().forceFlush()));
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private boolean awaitClosed(Duration timeout) {
    try {
      return closed.get(timeout.toNanos(), NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }
}
