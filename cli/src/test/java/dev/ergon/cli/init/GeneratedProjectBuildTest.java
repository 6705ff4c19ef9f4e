package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ergon init demo && cd demo && mvn verify}, end to end: the generated project compiles
 * against the installed Ergon artifacts, its tests pass, it packages, and its {@code Main} lists
 * and runs the example task. First online (resolving whatever the project needs from the registry
 * into the build's own local repository, which may be empty before the build), then offline, which
 * proves that a built project needs no network afterwards.
 *
 * <p>Needs {@code mvn} on the PATH and the framework installed in the local repository of this
 * build ({@code ./ergon test} installs it before running the tests). The local repository is the
 * build's own ({@code -Dmaven.repo.local} or settings.xml, passed in by the cli module's surefire
 * configuration), so a fresh, empty one works as well as a warm {@code ~/.m2}.
 */
class GeneratedProjectBuildTest {
  private static final String[] ARTIFACTS = {
    "ergon-bom", "ergon-core", "ergon-runtime", "ergon-cli", "ergon-test"
  };
  private static final long MAVEN_MINUTES = 6;

  @TempDir Path tmp;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theGeneratedProjectBuildsOnlineThenOfflineAndItsMainListsAndRunsTheExampleTask()
      throws Exception {
    Path repository = localRepository();
    assertFrameworkInstalled(repository);
    Path project = tmp.resolve("demo");
    new Scaffold().create("demo", project, false);

    // Online, with -Pdist: everything `verify` and the runnable jar need lands in the repository.
    Run online = maven(project, repository, "-Pdist", "verify");
    assertThat(online.exit())
        .as("`mvn -Pdist verify` in %s exited %d:%n%s", project, online.exit(), online.output())
        .isZero();
    assertThat(project.resolve("target/demo.jar")).isRegularFile();
    assertThat(project.resolve("target/lib")).isDirectory();

    Run list = java(project, "-jar", "target/demo.jar", "list");
    assertThat(list.exit()).as("`java -jar target/demo.jar list`:%n%s", list.output()).isZero();
    assertThat(list.output()).contains(Scaffold.EXAMPLE_TASK);
    Run run = java(project, "-jar", "target/demo.jar", "run", Scaffold.EXAMPLE_TASK);
    assertThat(run.exit()).as("`java -jar target/demo.jar run`:%n%s", run.output()).isZero();
    assertThat(run.output()).contains("fetched 5, succeeded 4, failed handled 1");

    // Offline, from a clean target: nothing beyond what is now in the repository.
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
    assertThat(project.resolve("target/demo.jar")).isRegularFile();
    try (Stream<Path> reports = Files.list(project.resolve("target/surefire-reports"))) {
      assertThat(reports.map(p -> p.getFileName().toString()))
          .contains(
              "TEST-com.example.demo.tasks.exampletask.ExampleTaskTest.xml",
              "TEST-com.example.demo.tasks.exampletask.HelpersTest.xml",
              "TEST-com.example.demo.connectors.ListConnectorTest.xml");
    }
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
    return start(project, command, "mvn " + String.join(" ", goals));
  }

  private Run java(Path project, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    return start(project, command, "java " + String.join(" ", args));
  }

  private Run start(Path dir, List<String> command, String what) throws Exception {
    Path log = Files.createTempFile(tmp, "run", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_ARGS"); // the command line above is the whole story
    Process process = pb.start();
    if (!process.waitFor(MAVEN_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      fail("`" + what + "` did not end within " + MAVEN_MINUTES + " minutes:\n" + tail(log));
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
