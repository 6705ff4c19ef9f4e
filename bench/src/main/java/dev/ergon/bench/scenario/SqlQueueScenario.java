package dev.ergon.bench.scenario;

import java.util.Optional;

/** Placeholder while being written. */
final class SqlQueueScenario extends BaseScenario {
  SqlQueueScenario() {
    super("s4", "SqlQueueScenario", 1, 1, 1);
  }

  @Override
  public String settings(int transactions) {
    return "";
  }

  @Override
  public String limitRow() {
    return "x";
  }

  @Override
  public Optional<String> unavailable() {
    return Optional.of("not written yet");
  }
}
