package dev.ergon.policy;

import org.jspecify.annotations.Nullable;

/**
 * The kind of thread each transaction runs on (configuration key {@code loop.concurrency.threads}).
 */
public enum ThreadKind {
  /** Virtual threads, the default: cheap, suited to work that waits on I/O. */
  VIRTUAL,
  /** Platform threads, for CPU-bound work that should not pin the virtual-thread carriers. */
  PLATFORM;

  /**
   * Reads a configuration value: trimmed and case-insensitive; {@code null}, blank, {@code "none"}
   * and {@code "null"} mean {@link #VIRTUAL}.
   *
   * @param value the configured text, or {@code null}
   * @return the thread kind
   * @throws dev.ergon.ConfigurationException naming {@code loop.concurrency.threads} and the value
   *     when it is neither {@code virtual} nor {@code platform}
   */
  public static ThreadKind parse(@Nullable String value) {
    return Keys.parse(ThreadKind.class, value, VIRTUAL, "loop.concurrency.threads");
  }
}
