package dev.ergon.cli;

import dev.ergon.cli.config.Durations;
import dev.ergon.cli.init.Scaffold;
import dev.ergon.cli.init.ScaffoldException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ergon init <name> [dir]}: scaffolds a ready Maven project for a new task. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Creates a Maven project with an example task, tests, ergon.yaml, the observability"
            + " stack, a Dockerfile and Kubernetes manifests. Refuses a non-empty directory"
            + " unless --force.")
final class InitCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(
      index = "0",
      paramLabel = "<name>",
      description = "the project name, e.g. my-pipeline")
  String name = "";

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "[dir]",
      description = "the project directory (default: ./<name>)")
  @Nullable Path directory;

  @Option(
      names = "--force",
      description = "write into a non-empty directory, overwriting only the generated files")
  boolean force;

  @Option(
      names = "--spring-boot",
      description =
          "write a Spring Boot application using ergon-spring-boot-starter instead: one TaskConfig"
              + " bean on the embedded SQL queue, application.yml with ergon.tasks.<task> policy"
              + " keys, Actuator health probes, a @SpringBootTest and a runnable jar")
  boolean springBoot;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "<duration>",
      description =
          "the example task's supervision.shutdown_grace in ergon.yaml (default 15s); the"
              + " Kubernetes Deployment's terminationGracePeriodSeconds is this plus 10 s")
  @Nullable String shutdownGrace;

  InitCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    try {
      Scaffold.Options options = Scaffold.Options.of(name);
      if (shutdownGrace != null) {
        options = options.withShutdownGrace(parseGrace(shutdownGrace));
      }
      if (springBoot && shutdownGrace != null) {
        throw new ScaffoldException(
            ScaffoldException.Reason.INVALID_OPTION,
            "--shutdown-grace applies to the plain project; with --spring-boot set"
                + " spring.lifecycle.timeout-per-shutdown-phase in application.yml");
      }
      Scaffold scaffold =
          new Scaffold()
              .withTemplate(springBoot ? Scaffold.Template.SPRING_BOOT : Scaffold.Template.PLAIN);
      Scaffold.Result result =
          scaffold.create(options, directory != null ? directory : Path.of(name), force);
      context.out.print(result.describe());
      context.out.flush();
      return ExitCodes.OK;
    } catch (ScaffoldException e) {
      context.err.println("ergon init: " + e.getMessage());
      context.err.flush();
      return e.isUsageError() ? ExitCodes.INVALID : ExitCodes.FAILED;
    }
  }

  private static Duration parseGrace(String text) {
    return Durations.parse(text)
        .orElseThrow(
            () ->
                new ScaffoldException(
                    ScaffoldException.Reason.INVALID_OPTION,
                    "invalid --shutdown-grace '" + text + "': a duration such as 15s or 1500ms"));
  }
}
