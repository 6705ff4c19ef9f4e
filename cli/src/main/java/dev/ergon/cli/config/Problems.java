package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/** Collects configuration problems so that one run reports all of them. Not thread-safe. */
final class Problems {
  private final List<String> messages = new ArrayList<>();

  void add(ConfigurationException e) {
    if (e instanceof InvalidConfigurationException many) {
      messages.addAll(many.problems());
    } else {
      messages.add(e.getMessage());
    }
  }

  void add(String message) {
    messages.add(message);
  }

  /** Runs {@code step}, recording its configuration error instead of throwing it. */
  void collect(Runnable step) {
    try {
      step.run();
    } catch (ConfigurationException e) {
      add(e);
    }
  }

  void throwIfAny() {
    if (!messages.isEmpty()) {
      throw new InvalidConfigurationException(messages);
    }
  }
}
