package dev.ergon.cli;

import dev.ergon.ErgonException;

/** A command failed in a way the user should read: the message is printed, the code returned. */
final class CliException extends ErgonException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
