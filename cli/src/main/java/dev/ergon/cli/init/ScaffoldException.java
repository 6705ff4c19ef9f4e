package dev.ergon.cli.init;

/**
 * {@link Scaffold} could not write the project. The message says why and names the project name,
 * directory or file concerned; {@link #reason()} lets the command pick its exit code.
 */
public final class ScaffoldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the scaffold was refused or failed. */
  public enum Reason {
    /** The project name is not usable (characters, first letter, Java keyword). */
    INVALID_NAME,
    /** The target directory holds files and {@code force} was not given. */
    DIRECTORY_NOT_EMPTY,
    /** A path the scaffold must write is taken by something it cannot replace (a directory). */
    CONFLICT,
    /** An option's value is not usable (e.g. a negative shutdown grace). */
    INVALID_OPTION,
    /** Reading a template or writing a file failed. */
    IO
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param message what went wrong, naming the name, directory or file
   * @param cause the underlying failure, if any
   */
  public ScaffoldException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /**
   * Creates the exception without a cause.
   *
   * @param reason why
   * @param message what went wrong, naming the name, directory or file
   */
  public ScaffoldException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /**
   * Why the scaffold was refused or failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Whether the user can fix this by changing the command line (name, directory, {@code --force}),
   * as opposed to an I/O failure: a command maps the first to its "invalid input" exit code.
   *
   * @return true for every reason but {@link Reason#IO}
   */
  public boolean isUsageError() {
    return reason != Reason.IO;
  }
}
