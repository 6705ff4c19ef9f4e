package dev.ergon.cli;

/** The process exit codes of every {@code ergon} command (behaviour §7). */
final class ExitCodes {
  /** Succeeded. */
  static final int OK = 0;

  /** Failed: unhandled failure, a task or connector error. */
  static final int FAILED = 1;

  /** Configuration error or invalid input (unknown task or policy, bad JSON, bad option). */
  static final int INVALID = 2;

  /** The transaction failed, but the exception handler handled it. */
  static final int HANDLED_FAILURE = 3;

  private ExitCodes() {}
}
