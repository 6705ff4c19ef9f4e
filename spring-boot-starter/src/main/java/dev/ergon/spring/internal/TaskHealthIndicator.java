package dev.ergon.spring.internal;

import dev.ergon.spring.ErgonHealth;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * An Actuator health indicator over an {@link ErgonHealth} reading: UP when healthy, else DOWN
 * (liveness) or OUT_OF_SERVICE (readiness), with the state, the reason and every task's reading as
 * details.
 */
public final class TaskHealthIndicator implements HealthIndicator {
  private final Supplier<ErgonHealth> reading;
  private final boolean readiness;

  /**
   * Creates the indicator.
   *
   * @param reading reads the tasks' health
   * @param readiness whether it is the readiness indicator (unhealthy is OUT_OF_SERVICE)
   */
  public TaskHealthIndicator(Supplier<ErgonHealth> reading, boolean readiness) {
    this.reading = reading;
    this.readiness = readiness;
  }

  @Override
  public Health health() {
    ErgonHealth h = reading.get();
    Status status = h.healthy() ? Status.UP : readiness ? Status.OUT_OF_SERVICE : Status.DOWN;
    Health.Builder b = Health.status(status).withDetail("state", h.state());
    if (h.reason() != null) {
      b.withDetail("reason", h.reason());
    }
    return b.withDetail("tasks", h.tasks()).build();
  }
}
