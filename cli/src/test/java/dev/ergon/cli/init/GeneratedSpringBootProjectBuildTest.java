package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ergon init --spring-boot demo-boot && cd demo-boot && mvn verify}, end to end: the
 * generated Spring Boot application compiles against the installed {@code
 * ergon-spring-boot-starter}, its {@code @SpringBootTest} passes, Spring Boot's plugin repackages
 * the runnable jar, and the jar processes the example orders through the SQLite queue and stops on
 * SIGTERM. First online (everything the build needs lands in this build's own local repository,
 * which may be empty before the build), then offline from a clean {@code target}.
 *
 * <p>Needs {@code mvn} on the PATH and the framework, the starter included, installed in the local
 * repository of this build ({@code ./ergon test} installs every module before running the tests).
 */
class GeneratedSpringBootProjectBuildTest {
  private static final String[] ARTIFACTS = {
    "ergon-bom",
    "ergon-core",
    "ergon-runtime",
    "ergon-cli",
    "ergon-telemetry",
    "ergon-connector-jdbc",
    "ergon-spring-boot-starter"
  };

  @TempDir Path tmp;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theGeneratedSpringBootAppBuildsOnlineThenOfflineAndItsJarProcessesTheExampleOrders()
      throws Exception {
    ProjectBuilds builds = new ProjectBuilds(tmp);
    Path repository = ProjectBuilds.localRepository();
    ProjectBuilds.assertFrameworkInstalled(repository, ARTIFACTS);
    Path project = tmp.resolve("demo-boot");
    new Scaffold().withTemplate(Scaffold.Template.SPRING_BOOT).create("demo-boot", project, false);

    ProjectBuilds.Run online = builds.maven(project, repository, "verify");
    assertThat(online.exit())
        .as("`mvn verify` in %s exited %d:%n%s", project, online.exit(), online.output())
        .isZero();
    assertSurefireReport(project);

    builds.assertOfflineBuildPasses(project, repository);
    assertSurefireReport(project);
    assertThat(project.resolve("target/demo-boot.jar")).isRegularFile();

    // The runnable jar: the example orders go through the queue; SIGTERM stops it gracefully.
    Path log = tmp.resolve("app.log");
    Process app =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                "target/demo-boot.jar",
                "--server.port=0",
                "--example.queue-file=" + tmp.resolve("queue.db"))
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .failFast("the application exited", () -> !app.isAlive())
          .until(() -> read(log).contains("(5 so far)"));
      String output = read(log);
      for (int i = 1; i <= 5; i++) {
        assertThat(output).contains("processed order-" + i + " ");
      }
      app.destroy();
      assertThat(app.waitFor(60, TimeUnit.SECONDS))
          .as("the application stops on SIGTERM:%n%s", read(log))
          .isTrue();
      assertThat(read(log)).contains("task '" + Scaffold.EXAMPLE_TASK + "' ended");
    } finally {
      app.destroyForcibly().waitFor();
    }
  }

  private static void assertSurefireReport(Path project) throws IOException {
    try (Stream<Path> reports = Files.list(project.resolve("target/surefire-reports"))) {
      assertThat(reports.map(p -> p.getFileName().toString()))
          .contains("TEST-com.example.demoboot.ApplicationTest.xml");
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
