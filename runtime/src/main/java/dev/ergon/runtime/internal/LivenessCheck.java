package dev.ergon.runtime.internal;

import dev.ergon.engine.internal.LoopProbe.State;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.Policy;
import dev.ergon.policy.ProducerPolicy;
import dev.ergon.policy.SupervisionPolicy;
import dev.ergon.policy.TransactionRuntimePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a worker is live from its loops' snapshots and its connectors' health maps, at a
 * given instant. Pure: no clock, no threads. Checks, per loop in name order: transactions in flight
 * and no progress for the processing threshold ({@code processing_stalled}, naming the stuck
 * transactions); waiting on the source for longer than the fetch threshold ({@code fetch_stalled});
 * a source that keeps failing ({@code fetch_failing}); then any connector reporting {@code state =
 * connect_stalled}. An idle loop is healthy.
 */
public final class LivenessCheck {
  private static final Duration MIN_PROCESSING = Duration.ofSeconds(60);
  private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(60);

  private final Map<String, @Nullable Duration> processing;
  private final @Nullable Duration processingOther;
  private final Duration fetchStaleAfter;

  /**
   * Creates a check with explicit thresholds.
   *
   * @param processing the processing threshold per policy name (null: no processing check)
   * @param processingOther the threshold for loops of policies not in {@code processing}
   * @param fetchStaleAfter the fetch threshold
   */
  public LivenessCheck(
      Map<String, @Nullable Duration> processing,
      @Nullable Duration processingOther,
      Duration fetchStaleAfter) {
    this.processing = new HashMap<>(processing);
    this.processingOther = processingOther;
    this.fetchStaleAfter = fetchStaleAfter;
  }

  /**
   * The check for a task's policies: {@code processing_stale_after} when set, else {@code max(60 s,
   * runtime timeout + 60 s)} per policy (none without a runtime timeout); {@code fetch_stale_after}
   * when set, else 120 s.
   *
   * @param policies the task's policies
   * @param supervision the supervision settings
   * @return the check
   */
  public static LivenessCheck forTask(List<Policy> policies, SupervisionPolicy supervision) {
    Duration set = supervision.processingStaleAfter();
    Map<String, @Nullable Duration> thresholds = new HashMap<>();
    for (Policy p : policies) {
      Duration timeout =
          switch (p) {
            case ConsumerPolicy c -> c.transactionRuntime().timeout();
            case ProducerPolicy pp -> pp.transactionRuntime().timeout();
          };
      thresholds.put(p.name(), set != null ? set : derived(timeout));
    }
    Duration other = set != null ? set : derived(TransactionRuntimePolicy.DEFAULT_TIMEOUT);
    Duration fetch =
        supervision.fetchStaleAfterSetting().orElse(SupervisionPolicy.DEFAULT_FETCH_STALE_AFTER);
    return new LivenessCheck(thresholds, other, fetch);
  }

  private static @Nullable Duration derived(@Nullable Duration runtimeTimeout) {
    if (runtimeTimeout == null) {
      return null;
    }
    Duration d = runtimeTimeout.plus(TIMEOUT_MARGIN);
    return d.compareTo(MIN_PROCESSING) > 0 ? d : MIN_PROCESSING;
  }

  /**
   * The processing threshold of a loop.
   *
   * @param policy the loop's policy name
   * @return the threshold, or null when processing is not checked
   */
  public @Nullable Duration processingThreshold(String policy) {
    return processing.containsKey(policy) ? processing.get(policy) : processingOther;
  }

  /**
   * Checks the worker.
   *
   * @param loops the loops' snapshots
   * @param connectors each connector's health map, by name
   * @param nowNanos the current {@link System#nanoTime()}
   * @return the verdict
   */
  public Verdict check(
      List<LoopSnapshot> loops, Map<String, Map<String, Object>> connectors, long nowNanos) {
    Map<String, Object> details = new LinkedHashMap<>();
    Map<String, Object> loopDetails = new TreeMap<>();
    for (LoopSnapshot l : loops) {
      loopDetails.put(l.policy(), loopDetails(l, nowNanos));
    }
    details.put("loops", loopDetails);
    details.put("connectors", new TreeMap<>(connectors));
    List<LoopSnapshot> sorted = new ArrayList<>(loops);
    sorted.sort(Comparator.comparing(LoopSnapshot::policy));
    for (LoopSnapshot l : sorted) {
      Verdict v = checkLoop(l, nowNanos, details);
      if (v != null) {
        return v;
      }
    }
    for (Map.Entry<String, Map<String, Object>> c : new TreeMap<>(connectors).entrySet()) {
      if ("connect_stalled".equals(String.valueOf(c.getValue().get("state")))) {
        return Verdict.unhealthy(
            "connect_stalled",
            "connector '" + c.getKey() + "' is stalled connecting: " + c.getValue(),
            details);
      }
    }
    return Verdict.healthy(aggregate(loops), details);
  }

  private @Nullable Verdict checkLoop(LoopSnapshot l, long now, Map<String, Object> details) {
    long sinceProgress = now - l.lastProgressNanos();
    Duration threshold = processingThreshold(l.policy());
    if (!l.inFlight().isEmpty() && threshold != null && sinceProgress > threshold.toNanos()) {
      List<Map<String, Object>> stuck = stuck(l, now, threshold);
      details.put("stuck_transactions", stuck);
      return Verdict.unhealthy(
          "processing_stalled",
          "loop '"
              + l.policy()
              + "': no transaction progress for "
              + seconds(sinceProgress)
              + " s with "
              + l.inFlight().size()
              + " in flight; stuck: "
              + describe(stuck),
          details);
    }
    if (l.state() == State.FETCHING && sinceProgress > fetchStaleAfter.toNanos()) {
      return Verdict.unhealthy(
          "fetch_stalled",
          "loop '" + l.policy() + "': waiting on its source for " + seconds(sinceProgress) + " s",
          details);
    }
    if (l.state() == State.FETCH_FAILING) {
      return Verdict.unhealthy(
          "fetch_failing",
          "loop '" + l.policy() + "': fetching keeps failing: " + l.fetchFailure(),
          details);
    }
    return null;
  }

  /** The in-flight transactions running longer than the threshold (all of them if none is). */
  private static List<Map<String, Object>> stuck(LoopSnapshot l, long now, Duration threshold) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(l.inFlight().entrySet());
    entries.sort(Map.Entry.comparingByValue());
    List<Map.Entry<String, Long>> old =
        entries.stream().filter(e -> now - e.getValue() > threshold.toNanos()).toList();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : old.isEmpty() ? entries : old) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", e.getKey());
      m.put("running_seconds", seconds(now - e.getValue()));
      out.add(m);
    }
    return out;
  }

  private static String describe(List<Map<String, Object>> stuck) {
    List<String> parts = new ArrayList<>();
    for (Map<String, Object> m : stuck) {
      parts.add(m.get("id") + " (running " + m.get("running_seconds") + " s)");
    }
    return String.join(", ", parts);
  }

  private static Map<String, Object> loopDetails(LoopSnapshot l, long now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", lower(l.state()));
    m.put("in_flight_count", l.inFlight().size());
    m.put("seconds_since_progress", seconds(now - l.lastProgressNanos()));
    if (l.fetchFailure() != null) {
      m.put("fetch_failure", l.fetchFailure());
    }
    return m;
  }

  private static String aggregate(List<LoopSnapshot> loops) {
    if (loops.isEmpty()) {
      return "starting";
    }
    for (State s : List.of(State.PROCESSING, State.FETCHING, State.IDLE, State.STARTING)) {
      if (loops.stream().anyMatch(l -> l.state() == s)) {
        return lower(s);
      }
    }
    return "finished";
  }

  private static String lower(State s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** Nanoseconds as seconds with one decimal. */
  static double seconds(long nanos) {
    return Math.round(nanos / 1e8) / 10.0;
  }
}
