package dev.ergon.runtime;

import java.util.Collection;

/**
 * The process exit codes of a run, and how the codes of several worker processes combine into the
 * parent's code.
 *
 * <p>Severity, from worst to best: any code not listed here (a worker killed by a signal the
 * runtime does not handle, such as 137 after SIGKILL) &gt; {@link #FAILURE} 1 &gt; {@link
 * #CONFIGURATION} 2 &gt; {@link #SIGTERM} 143 &gt; {@link #SIGINT} 130 &gt; {@link #HANDLED} 3 &gt;
 * {@link #OK} 0. A failure outranks a stop because it needs attention; an unexpected death outranks
 * a failure because not even the worker's own clean-up ran.
 *
 * <pre>{@code
 * int code = ExitCodes.worst(List.of(0, 143, 1)); // 1
 * }</pre>
 */
public final class ExitCodes {
  /** The run ended normally. */
  public static final int OK = 0;

  /**
   * The task failed, a fetch failed, supervision forced a shutdown, or a shutdown outlived its
   * grace.
   */
  public static final int FAILURE = 1;

  /** The configuration or the input is invalid. */
  public static final int CONFIGURATION = 2;

  /** A single transaction failed and the exception handler handled it. */
  public static final int HANDLED = 3;

  /** Stopped by SIGINT (128 + 2). */
  public static final int SIGINT = 130;

  /** Stopped by SIGTERM (128 + 15). */
  public static final int SIGTERM = 143;

  private ExitCodes() {}

  /**
   * How bad a code is; higher is worse.
   *
   * @param code an exit code
   * @return its rank: 0 for {@link #OK} up to 6 for an unknown code
   */
  public static int severity(int code) {
    return switch (code) {
      case OK -> 0;
      case HANDLED -> 1;
      case SIGINT -> 2;
      case SIGTERM -> 3;
      case CONFIGURATION -> 4;
      case FAILURE -> 5;
      default -> 6;
    };
  }

  /**
   * The worse of two codes.
   *
   * @param a an exit code
   * @param b another exit code
   * @return the one with the higher {@link #severity(int)}; {@code a} on a tie
   */
  public static int worse(int a, int b) {
    return severity(b) > severity(a) ? b : a;
  }

  /**
   * The worst of several codes.
   *
   * @param codes exit codes
   * @return the worst one, or {@link #OK} when there are none
   */
  public static int worst(Collection<Integer> codes) {
    int worst = OK;
    for (int c : codes) {
      worst = worse(worst, c);
    }
    return worst;
  }
}
