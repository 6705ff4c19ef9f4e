package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** list, validate, --version, --help and the entry point. */
class CommandsTest {
  @TempDir Path dir;

  @Test
  void listShowsTasksAndTheirPoliciesInRegistrationOrder() {
    Cli.Result r = Cli.with(TestTasks.orders(), TestTasks.audit()).run("list");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualToNormalizingNewlines(
            """
            Registered tasks:
              order-processor (max_workers 1)
                - consumer: consumer policy
                - feeder: producer policy
              audit (max_workers 1)
                - audit-consumer: consumer policy
            """);
  }

  @Test
  void listWithoutTasksSaysSo() {
    Cli.Result r = Cli.with().run("list");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("No tasks registered");
  }

  @Test
  void aTaskNameRegisteredTwiceExitsTwoNamingIt() {
    Cli.Result r = Cli.with(TestTasks.orders(), TestTasks.orders()).run("list");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("task 'order-processor' is registered twice");
  }

  @Test
  void validateReportsAValidConfigurationAndItsSources() throws IOException {
    Path file = dir.resolve("ergon.yaml");
    Files.writeString(file, "tasks:\n  audit:\n    max_workers: 4\n");

    Cli.Result r =
        Cli.with(TestTasks.orders(), TestTasks.audit())
            .env(Map.of("ERGON_TASKS__AUDIT__SUPERVISION__ENABLED", "no"))
            .run("validate", "--config", file.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("configuration is valid")
        .contains("from file " + file.toAbsolutePath())
        .contains("from environment variable ERGON_TASKS__AUDIT__SUPERVISION__ENABLED")
        .contains("task audit: max_workers 4, policies [audit-consumer]");
  }

  @Test
  void validateListsEveryProblemAndExitsTwo() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        tasks:
          order-processor:
            policies:
              consumer: {loop: {concurency: {value: 8}}}
          audit:
            policies:
              audit-consumer: {process: {retry: {max_attempts: 0}}}
        """);

    Cli.Result r =
        Cli.with(TestTasks.orders(), TestTasks.audit()).run("validate", "-c", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("configuration is invalid (2 problems)")
        .contains("tasks.order-processor.policies.consumer.loop.concurency.value")
        .contains("tasks.audit.policies.audit-consumer.process.retry.max_attempts = 0")
        .contains("file " + file.toAbsolutePath());
  }

  @Test
  void aMissingExplicitConfigFileExitsTwoNamingIt() {
    Path missing = dir.resolve("missing.yaml");

    Cli.Result r = Cli.with(TestTasks.orders()).run("validate", "--config", missing.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(missing.toString()).contains("does not exist");
  }

  @Test
  void versionPrintsTheProjectVersion() {
    Cli.Result r = Cli.with().run("--version");

    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("ergon 0.1.0-SNAPSHOT");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"list", "--help"},
          {"run", "--help"},
          {"process-transaction", "--help"},
          {"process-transaction-by-id", "--help"},
          {"validate", "--help"},
          {"policy", "--help"},
          {"policy", "explain", "--help"}
        }) {
      Cli.Result r = Cli.with().run(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).as(String.join(" ", args)).contains("Usage: ergon");
    }
  }

  @Test
  void noCommandPrintsTheUsageAndExitsTwo() {
    Cli.Result r = Cli.with().run();

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("a command is required").contains("Usage: ergon");
  }

  @Test
  void anUnknownCommandExitsTwo() {
    assertThat(Cli.with().run("frobnicate").code()).isEqualTo(2);
  }

  @Test
  void theStaticEntryPointRunsACommand() {
    TaskConfig config =
        TaskConfig.builder("solo")
            .task(TestTasks.ActionTask::new)
            .connector("input", InMemoryConnector::new)
            .policy(ConsumerPolicy.defaults("consumer"))
            .build();
    StringWriter out = new StringWriter();

    int code =
        ErgonCli.run(
            new String[] {"list"},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            config);

    assertThat(code).isZero();
    assertThat(out.toString()).contains("solo (max_workers 1)");
  }
}
