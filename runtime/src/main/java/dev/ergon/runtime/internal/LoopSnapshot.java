package dev.ergon.runtime.internal;

import dev.ergon.engine.internal.LoopProbe;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One reading of a loop's probe, for a liveness check.
 *
 * @param policy the loop's policy name
 * @param state the loop's state
 * @param lastProgressNanos {@link System#nanoTime()} of the last state change or completion
 * @param inFlight transaction id to its start ({@link System#nanoTime()})
 * @param fetchFailure the last fetch failure while the source keeps failing, or null
 */
public record LoopSnapshot(
    String policy,
    LoopProbe.State state,
    long lastProgressNanos,
    Map<String, Long> inFlight,
    @Nullable String fetchFailure) {

  /** Copies the in-flight map. */
  public LoopSnapshot {
    inFlight = Map.copyOf(inFlight);
  }

  /**
   * Reads a probe.
   *
   * @param policy the loop's policy name
   * @param probe its probe
   * @return the reading
   */
  public static LoopSnapshot of(String policy, LoopProbe probe) {
    Object failure = probe.snapshot().get("fetch_failure");
    return new LoopSnapshot(
        policy,
        probe.state(),
        probe.lastProgressNanos(),
        probe.inFlight(),
        failure == null ? null : failure.toString());
  }
}
