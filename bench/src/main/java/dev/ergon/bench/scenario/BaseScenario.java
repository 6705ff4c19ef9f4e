package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.RowRunner;
import dev.ergon.bench.harness.RowSpec;
import dev.ergon.bench.harness.Scenario;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A scenario built from its rows and sizes; subclasses register rows in their constructor. */
abstract class BaseScenario implements Scenario {
  private final String id;
  private final String title;
  private final int full;
  private final int fullWarmup;
  private final int quick;
  private final List<RowSpec> rows = new ArrayList<>();
  private final Map<String, RowRunner> runners = new HashMap<>();

  BaseScenario(String id, String title, int full, int fullWarmup, int quick) {
    this.id = id;
    this.title = title;
    this.full = full;
    this.fullWarmup = fullWarmup;
    this.quick = quick;
  }

  final void row(String key, String label, RowRunner runner) {
    rows.add(RowSpec.run(key, label));
    runners.put(key, runner);
  }

  final void computed(String key, String label, double perSecond) {
    rows.add(RowSpec.computed(key, label, perSecond));
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String title() {
    return title;
  }

  @Override
  public final int transactions(boolean q) {
    return q ? quick : full;
  }

  @Override
  public final int warmup(boolean q) {
    return q ? Math.max(1, quick / 2) : Math.min(fullWarmup, full);
  }

  @Override
  public final List<RowSpec> rows() {
    return List.copyOf(rows);
  }

  @Override
  public boolean hasLatency() {
    return false;
  }

  @Override
  public @Nullable String extraHeader() {
    return null;
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.empty();
  }

  @Override
  public final RowRunner runner(String rowKey) {
    RowRunner r = runners.get(rowKey);
    if (r == null) {
      throw new IllegalArgumentException(
          "scenario " + id + " has no row '" + rowKey + "'; rows: " + runners.keySet());
    }
    return r;
  }
}
