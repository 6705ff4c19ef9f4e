package dev.ergon.cli.config;

import dev.ergon.ConfigurationException;
import java.util.List;

/**
 * One or more configuration problems, each naming its key, value and source. The message lists them
 * all, one per line, so that a single start-up reports everything that is wrong.
 */
public final class InvalidConfigurationException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable List.copyOf of strings
  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param problems the problems, at least one
   */
  public InvalidConfigurationException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems, one message each.
   *
   * @return an unmodifiable list
   */
  public List<String> problems() {
    return problems;
  }
}
