package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** Every scenario, in the order {@code ./ergon bench} runs them. */
public final class Scenarios {
  private Scenarios() {}

  /**
   * Every scenario, S1 to S6.
   *
   * @return the scenarios
   */
  public static List<Scenario> all() {
    return List.of(
        new InMemoryScenario(),
        new IoBoundScenario(),
        new RabbitMqScenario(),
        new SqlQueueScenario(),
        new TelemetryScenario(),
        new KafkaScenario());
  }

  /**
   * The scenario with this id.
   *
   * @param id {@code s1} … {@code s6}
   * @return the scenario
   * @throws IllegalArgumentException for an unknown id
   */
  public static Scenario byId(String id) {
    return all().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scenario '" + id + "' (s1 … s6)"));
  }

  /**
   * The scenarios named, in the order named, or all when none is.
   *
   * @param ids scenario ids
   * @return the scenarios
   */
  public static List<Scenario> select(List<String> ids) {
    if (ids.isEmpty()) {
      return all();
    }
    List<Scenario> out = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      out.add(byId(id));
    }
    return out;
  }
}
