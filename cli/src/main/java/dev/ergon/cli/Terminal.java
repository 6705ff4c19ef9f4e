package dev.ergon.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Detects whether standard output is an interactive terminal. */
final class Terminal {
  private Terminal() {}

  /**
   * True when the JVM has a console attached to a terminal. On JDK 22+ {@link System#console()} may
   * return a console even when output is redirected, so {@code Console.isTerminal()} is asked when
   * it exists.
   */
  static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true; // JDK 21: a console means a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
