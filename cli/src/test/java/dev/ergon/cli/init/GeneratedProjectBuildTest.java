package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ergon init demo && cd demo && mvn verify}, offline: the generated project compiles against
 * the installed Ergon artifacts, its tests pass and it packages. Needs {@code mvn} on the PATH and
 * the framework in {@code ~/.m2} ({@code ./ergon mvn install -DskipTests}); the generated build's
 * plugins must be there as well (the framework's own build fetches the same pinned versions).
 */
class GeneratedProjectBuildTest {
  private static final String[] ARTIFACTS = {
    "ergon-bom", "ergon-core", "ergon-runtime", "ergon-cli", "ergon-test"
  };

  @TempDir Path tmp;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theGeneratedProjectBuildsAndPassesItsTestsOffline() throws Exception {
    String version = Scaffold.frameworkVersion();
    Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
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
                + "): run `./ergon mvn install -DskipTests` at the repository root first");
      }
    }
    String mvn = findOnPath("mvn");
    Path project = tmp.resolve("demo");
    new Scaffold().create("demo", project, false);
    Path log = tmp.resolve("mvn.log");

    ProcessBuilder pb =
        new ProcessBuilder(mvn, "-o", "-q", "-B", "verify")
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().remove("MAVEN_ARGS"); // the command line above is the whole story
    Process mvnRun = pb.start();
    boolean ended = mvnRun.waitFor(4, TimeUnit.MINUTES);
    if (!ended) {
      mvnRun.destroyForcibly().waitFor();
      fail("`mvn -o verify` of the generated project did not end within 4 minutes:\n" + tail(log));
    }
    int exit = mvnRun.exitValue();
    String output = tail(log);
    if (exit != 0 && output.contains("in offline mode")) {
      fail(
          "`mvn -o verify` of the generated project needs artifacts that are not in ~/.m2 (the"
              + " Ergon build with its tests fetches them; or run `mvn verify` once online in a"
              + " generated project):\n"
              + output);
    }

    assertThat(exit).as("`mvn -o -q verify` in %s exited %d:%n%s", project, exit, output).isZero();
    assertThat(project.resolve("target/demo.jar")).isRegularFile();
    try (Stream<Path> reports = Files.list(project.resolve("target/surefire-reports"))) {
      assertThat(reports.map(p -> p.getFileName().toString()))
          .contains(
              "TEST-com.example.demo.tasks.exampletask.ExampleTaskTest.xml",
              "TEST-com.example.demo.tasks.exampletask.HelpersTest.xml",
              "TEST-com.example.demo.connectors.ListConnectorTest.xml");
    }
  }

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

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
