package dev.ergon.runtime.internal;

import dev.ergon.engine.Worker;
import dev.ergon.engine.internal.LoopProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Describes a worker's in-flight transactions for log messages. */
public final class InFlight {
  private InFlight() {}

  /**
   * The in-flight transactions of every loop, oldest first per loop, with how long each has run.
   *
   * @param worker the worker, or null before it started
   * @return e.g. {@code "tx-7 (loop 'consumer', running 12.5 s)"}, or {@code "none"}
   */
  public static String describe(@Nullable Worker worker) {
    if (worker == null) {
      return "none (the worker had not started)";
    }
    long now = System.nanoTime();
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, LoopProbe> e : new TreeMap<>(worker.engine().probes()).entrySet()) {
      e.getValue().inFlight().entrySet().stream()
          .sorted(Map.Entry.comparingByValue())
          .forEach(
              tx ->
                  parts.add(
                      tx.getKey()
                          + " (loop '"
                          + e.getKey()
                          + "', running "
                          + LivenessCheck.seconds(now - tx.getValue())
                          + " s)"));
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
