package dev.ergon.runtime.internal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts this JVM again: the same java binary, JVM options, classpath, main
 * class (or jar) and program arguments. Debugger agents ({@code -agentlib:jdwp}, {@code -Xrunjdwp})
 * are left out, since every worker would try to bind the same port.
 */
final class ChildCommand {
  private ChildCommand() {}

  /**
   * This process's command line.
   *
   * @return the command, starting with the java binary
   * @throws IllegalStateException when it cannot be determined
   */
  static List<String> current() {
    ProcessHandle.Info info = ProcessHandle.current().info();
    String java =
        info.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    Optional<String[]> argv = info.arguments();
    if (argv.isPresent() && argv.get().length > 0) {
      // The exact arguments of this JVM (from /proc on Linux): options, classpath, main, args.
      Arrays.stream(argv.get()).filter(a -> !isDebugger(a)).forEach(command::add);
      return command;
    }
    return fromProperties(command);
  }

  /**
   * Fallback: JVM input arguments, the classpath and {@code sun.java.command} (split on spaces).
   */
  private static List<String> fromProperties(List<String> command) {
    String launch = System.getProperty("sun.java.command");
    if (launch == null || launch.isBlank()) {
      throw new IllegalStateException(
          "cannot determine how this JVM was started (no process arguments, no sun.java.command)");
    }
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !isDebugger(a))
        .forEach(command::add);
    String classPath = System.getProperty("java.class.path", "");
    List<String> parts = List.of(launch.trim().split(" +"));
    if (parts.get(0).endsWith(".jar") && parts.get(0).equals(classPath)) {
      command.add("-jar");
    } else if (!classPath.isEmpty()) {
      command.add("-cp");
      command.add(classPath);
    }
    command.addAll(parts);
    return command;
  }

  private static boolean isDebugger(String arg) {
    return arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp");
  }
}
