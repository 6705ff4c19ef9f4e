package dev.ergon;

import org.jspecify.annotations.Nullable;

/**
 * A configuration value is invalid: a policy field, a task configuration entry or a key of a
 * configuration file. The message names the field path and the offending value, for example {@code
 * "loop.concurrency.value must be >= 1 but was 0"}.
 */
public class ConfigurationException extends ErgonException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String path;
  private final @Nullable String value;
  private final @Nullable String requirement;

  /**
   * Creates an exception for one invalid field.
   *
   * @param path the field path, in configuration-key spelling ({@code retry.max_attempts})
   * @param value the rejected value
   * @param requirement what the value must be ({@code ">= 1"})
   */
  public ConfigurationException(String path, @Nullable Object value, String requirement) {
    super(path + " must be " + requirement + " but was " + value);
    this.path = path;
    this.value = String.valueOf(value);
    this.requirement = requirement;
  }

  /**
   * Creates an exception with a free-form message, for errors that are not about one field.
   *
   * @param message what is wrong and where
   */
  public ConfigurationException(String message) {
    super(message);
    this.path = null;
    this.value = null;
    this.requirement = null;
  }

  /**
   * The field path this error is about, when it is about one field.
   *
   * @return the path, or {@code null} for a free-form error
   */
  public @Nullable String path() {
    return path;
  }

  /**
   * Returns the same error with its field path placed under {@code parent}, so that a nested
   * record's error names its full path ({@code process.retry.max_attempts}).
   *
   * @param parent the path of the enclosing field
   * @return a new exception with the longer path, or this one when it names no field
   */
  public ConfigurationException under(String parent) {
    if (path == null || requirement == null) {
      return this;
    }
    ConfigurationException e = new ConfigurationException(parent + "." + path, value, requirement);
    e.setStackTrace(getStackTrace());
    return e;
  }
}
