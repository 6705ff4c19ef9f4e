package dev.ergon.cli;

import dev.ergon.task.TaskConfig;

/**
 * The {@code ergon} command line with no project tasks registered: what a checkout of Ergon or the
 * plain {@code ergon-cli} jar offers before any project exists, chiefly {@code init <name> [dir]}
 * and {@code --version}. A project runs its own tasks through {@link ErgonCli#main(String[],
 * TaskConfig...)} instead.
 *
 * <pre>
 * java -cp ergon-cli.jar:... dev.ergon.cli.ErgonMain init my-pipeline
 * </pre>
 */
public final class ErgonMain {
  private ErgonMain() {}

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the command-line arguments, e.g. {@code init my-pipeline}
   */
  public static void main(String[] args) {
    ErgonCli.main(args, new TaskConfig[0]);
  }
}
