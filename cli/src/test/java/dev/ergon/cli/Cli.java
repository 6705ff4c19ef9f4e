package dev.ergon.cli;

import dev.ergon.task.TaskConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

/** Runs {@code ergon} in-process with captured output and an injected environment. */
final class Cli {
  private final ErgonCli.Builder builder =
      ErgonCli.builder().terminal(false).systemProperties(Map.of()).environment(Map.of());

  static Cli with(TaskConfig... tasks) {
    Cli cli = new Cli();
    cli.builder.tasks(tasks);
    return cli;
  }

  Cli env(Map<String, String> env) {
    builder.environment(env);
    return this;
  }

  Cli properties(Map<String, String> props) {
    builder.systemProperties(props);
    return this;
  }

  Cli launcher(TaskLauncher launcher) {
    builder.launcher(launcher);
    return this;
  }

  Cli task(TaskDefinition definition) {
    builder.task(definition);
    return this;
  }

  Cli progressInterval(Duration d) {
    builder.progressInterval(d);
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = builder.build().execute(args, new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * What a command did.
   *
   * @param code the exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int code, String out, String err) {}
}
