package dev.ergon.cli;

import dev.ergon.ConfigurationException;
import dev.ergon.cli.config.ConfigSources;
import dev.ergon.task.TaskConfig;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import picocli.CommandLine;

/**
 * The {@code ergon} command line for a user project: the Java counterpart of the original's {@code
 * ergon(TASKS)}. A project's {@code main} hands it its task configurations:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   ErgonCli.main(args, OrderTasks.orderProcessor(), OrderTasks.feeder());
 * }
 * }</pre>
 *
 * <p>Commands: {@code list}, {@code run <task>}, {@code process-transaction <task> <policy>
 * --payload-json '{…}'}, {@code process-transaction-by-id <task> <policy> <id>}, {@code validate},
 * {@code policy explain <task> <policy>}, {@code --version}, {@code --help}. Exit codes: 0 ok, 1
 * failed, 2 configuration error or invalid input, 3 failed but handled; {@code run} also returns
 * what the launcher returns (130 / 143 when stopped by a signal).
 *
 * <p>Task names must be unique: a name registered twice is a configuration error (exit 2), not a
 * silent overwrite. Instances are immutable; {@link #execute} may be called repeatedly.
 */
public final class ErgonCli {
  private final List<TaskDefinition> tasks;
  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final TaskLauncher launcher;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final Duration progressInterval;

  private ErgonCli(Builder b) {
    this.tasks = List.copyOf(b.tasks);
    this.systemProperties = b.systemProperties;
    this.environment = b.environment;
    this.launcher = b.launcher;
    this.terminal = b.terminal;
    this.nanoTime = b.nanoTime;
    this.progressInterval = b.progressInterval;
  }

  /**
   * Runs the command line on the process's streams, properties and environment, then exits the JVM
   * with the command's exit code.
   *
   * @param args the command-line arguments
   * @param tasks the project's tasks, names unique
   */
  public static void main(String[] args, TaskConfig... tasks) {
    builder().tasks(tasks).build().main(args);
  }

  /**
   * Runs the command line on the given streams with the process's properties and environment, for
   * tests and embedding. Never exits the JVM.
   *
   * @param args the command-line arguments
   * @param out standard output
   * @param err standard error
   * @param tasks the project's tasks, names unique
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, TaskConfig... tasks) {
    return builder().tasks(tasks).build().execute(args, out, err);
  }

  /**
   * A builder, for tasks whose configuration depends on their settings, an injected environment, or
   * another launcher.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the command line on the process's streams and exits the JVM with its exit code.
   *
   * @param args the command-line arguments
   */
  public void main(String[] args) {
    Charset cs = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
    int code = execute(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs one command.
   *
   * @param args the command-line arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public int execute(String[] args, PrintWriter out, PrintWriter err) {
    try {
      Map<String, TaskDefinition> registry = new LinkedHashMap<>();
      for (TaskDefinition d : tasks) {
        if (registry.putIfAbsent(d.name(), d) != null) {
          throw new ConfigurationException(
              "task '" + d.name() + "' is registered twice; task names must be unique");
        }
      }
      CliContext context =
          new CliContext(
              registry,
              systemProperties,
              environment,
              launcher,
              terminal,
              nanoTime,
              progressInterval,
              out,
              err);
      return commandLine(context).execute(args);
    } catch (ConfigurationException e) {
      err.println("ergon: " + e.getMessage());
      return ExitCodes.INVALID;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static CommandLine commandLine(CliContext context) {
    CommandLine cl = new CommandLine(new ErgonCommand(context), new CommandFactory(context));
    cl.setOut(context.out);
    cl.setErr(context.err);
    cl.setExecutionExceptionHandler(
        (e, line, parseResult) -> {
          line.getErr().println("ergon: " + message(e));
          return exitCode(e);
        });
    return cl;
  }

  private static String message(Exception e) {
    if (e instanceof CliException || e instanceof ConfigurationException) {
      return e.getMessage();
    }
    return e.getMessage() == null
        ? e.toString()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static int exitCode(Exception e) {
    return switch (e) {
      case CliException c -> c.exitCode();
      case ConfigurationException c -> ExitCodes.INVALID;
      default -> ExitCodes.FAILED;
    };
  }

  /** Creates commands with the shared context. */
  private record CommandFactory(CliContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        return cls.getDeclaredConstructor(CliContext.class).newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }

  /** Builds an {@link ErgonCli}. Not thread-safe. */
  public static final class Builder {
    private final List<TaskDefinition> tasks = new ArrayList<>();
    private Map<String, String> systemProperties = ConfigSources.properties(System.getProperties());
    private Map<String, String> environment = System.getenv();
    private TaskLauncher launcher = new RuntimeLauncher();
    private boolean terminal = Terminal.isInteractive();
    private LongSupplier nanoTime = System::nanoTime;
    private Duration progressInterval = ProgressReporter.DEFAULT_LOG_INTERVAL;

    private Builder() {}

    /**
     * Registers tasks with fixed configurations, in order.
     *
     * @param configs the configurations
     * @return this builder
     */
    public Builder tasks(TaskConfig... configs) {
      for (TaskConfig c : configs) {
        tasks.add(TaskDefinition.of(Objects.requireNonNull(c, "task config")));
      }
      return this;
    }

    /**
     * Registers a task.
     *
     * @param definition the task's name and how to build its configuration
     * @return this builder
     */
    public Builder task(TaskDefinition definition) {
      tasks.add(Objects.requireNonNull(definition, "definition"));
      return this;
    }

    /**
     * Registers a task whose configuration is built from its settings (free-form connector and
     * service sections of the configuration).
     *
     * @param name the task's name
     * @param factory builds the configuration
     * @return this builder
     */
    public Builder task(
        String name, Function<dev.ergon.cli.config.TaskSettings, TaskConfig> factory) {
      return task(TaskDefinition.of(name, factory));
    }

    /**
     * The system properties to read {@code ergon.tasks.…} overrides from (default: the JVM's).
     *
     * @param value the properties
     * @return this builder
     */
    public Builder systemProperties(Map<String, String> value) {
      this.systemProperties = Map.copyOf(value);
      return this;
    }

    /**
     * The environment to read {@code ERGON_TASKS__…} overrides from (default: the process's).
     *
     * @param value the environment variables
     * @return this builder
     */
    public Builder environment(Map<String, String> value) {
      this.environment = Map.copyOf(value);
      return this;
    }

    /**
     * What {@code run} uses to run a task (default {@link RuntimeLauncher}; {@link
     * InProcessLauncher} runs one plain worker).
     *
     * @param value the launcher
     * @return this builder
     */
    public Builder launcher(TaskLauncher value) {
      this.launcher = Objects.requireNonNull(value, "launcher");
      return this;
    }

    /**
     * Whether standard output is an interactive terminal, which selects the live progress line over
     * periodic log lines (default: detected).
     *
     * @param value true for a terminal
     * @return this builder
     */
    public Builder terminal(boolean value) {
      this.terminal = value;
      return this;
    }

    /**
     * The clock of the progress display, in nanoseconds (default {@link System#nanoTime()}).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder nanoTime(LongSupplier value) {
      this.nanoTime = Objects.requireNonNull(value, "nanoTime");
      return this;
    }

    /**
     * How often a non-terminal run logs a progress line (default 10 s).
     *
     * @param value more than zero
     * @return this builder
     */
    public Builder progressInterval(Duration value) {
      if (!value.isPositive()) {
        throw new ConfigurationException("progress interval", value, "> 0");
      }
      this.progressInterval = value;
      return this;
    }

    /**
     * Builds the command line.
     *
     * @return the command line
     */
    public ErgonCli build() {
      return new ErgonCli(this);
    }
  }
}
