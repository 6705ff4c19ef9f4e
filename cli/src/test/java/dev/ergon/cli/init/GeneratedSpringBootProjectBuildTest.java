package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
  private static final long MAVEN_MINUTES = 6;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theGeneratedSpringBootAppBuildsOnlineThenOfflineAndItsJarProcessesTheExampleOrders()
      throws Exception {
    Path repository = localRepository();
    assertFrameworkInstalled(repository);
    Path project = tmp.resolve("demo-boot");
    new Scaffold().withTemplate(Scaffold.Template.SPRING_BOOT).create("demo-boot", project, false);

    Run online = maven(project, repository, "verify");
    assertThat(online.exit())
        .as("`mvn verify` in %s exited %d:%n%s", project, online.exit(), online.output())
        .isZero();
    assertSurefireReport(project);

    deleteTree(project.resolve("target"));
    Run offline = maven(project, repository, "-o", "verify");
    if (offline.exit() != 0 && offline.output().contains("in offline mode")) {
      fail(
          "`mvn -o verify` of the generated project needs artifacts that the online build did"
              + " not put into "
              + repository
              + ":\n"
              + offline.output());
    }
    assertThat(offline.exit())
        .as("`mvn -o verify` in %s exited %d:%n%s", project, offline.exit(), offline.output())
        .isZero();
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

  /** The local repository of the build running this test, else {@code ~/.m2/repository}. */
  private static Path localRepository() {
    String configured = System.getProperty("ergon.maven.repo.local", "");
    if (!configured.isBlank() && !configured.startsWith("${")) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  private static void assertFrameworkInstalled(Path repository) {
    String version = Scaffold.frameworkVersion();
    for (String artifact : ARTIFACTS) {
      Path installed = repository.resolve("dev/ergon/" + artifact + "/" + version);
      if (!Files.isDirectory(installed)) {
        fail(
            "the Ergon framework "
                + version
                + " is not installed in "
                + repository
                + " (missing "
                + installed
                + "): run `./ergon install` (or `./ergon test`, which installs first) at the"
                + " repository root");
      }
    }
  }

  private Run maven(Path project, Path repository, String... goals) throws Exception {
    List<String> command = new ArrayList<>();
    command.addAll(List.of(findOnPath("mvn"), "-B", "-q", "-Dmaven.repo.local=" + repository));
    command.addAll(List.of(goals));
    Path log = Files.createTempFile(tmp, "mvn", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_ARGS");
    Process process = pb.start();
    if (!process.waitFor(MAVEN_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      fail(
          "`mvn "
              + String.join(" ", goals)
              + "` did not end within "
              + MAVEN_MINUTES
              + " minutes:\n"
              + tail(log));
    }
    return new Run(process.exitValue(), tail(log));
  }

  private record Run(int exit, String output) {}

  private static String findOnPath(String command) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
      for (String name : List.of(command, command + ".cmd")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    return fail("`" + command + "` is not on the PATH; install Maven 3.8+ to run this test");
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
