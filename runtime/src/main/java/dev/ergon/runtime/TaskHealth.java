package dev.ergon.runtime;

/**
 * The health of a task run in this process, as {@link EmbeddedRun#health()} reads it at one
 * instant: liveness from the runtime's supervision (the task is making progress), readiness for
 * traffic (started, a loop running, live, not stopping).
 *
 * @param liveness the liveness reading
 * @param readiness the readiness reading
 */
public record TaskHealth(HealthReading liveness, HealthReading readiness) {

  /**
   * Whether the task is live.
   *
   * @return {@code liveness().healthy()}
   */
  public boolean live() {
    return liveness.healthy();
  }

  /**
   * Whether the task is ready.
   *
   * @return {@code readiness().healthy()}
   */
  public boolean ready() {
    return readiness.healthy();
  }
}
