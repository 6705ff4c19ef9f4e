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

/**
 * What the tests that build a generated project share: this build's local repository, the check
 * that the framework is installed there, Maven and Java runs with their output kept, the offline
 * build's check, and file helpers.
 */
final class ProjectBuilds {
  private static final long MAVEN_MINUTES = 6;

  /** How a command ended: its exit code and the last 80 lines of its output. */
  record Run(int exit, String output) {}

  private final Path tmp;

  /**
   * @param tmp where the runs' logs go
   */
  ProjectBuilds(Path tmp) {
    this.tmp = tmp;
  }

  /** The local repository of the build running this test, else {@code ~/.m2/repository}. */
  static Path localRepository() {
    String configured = System.getProperty("ergon.maven.repo.local", "");
    if (!configured.isBlank() && !configured.startsWith("${")) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /**
   * Fails, saying how to install it, unless every artifact of this version is in the repository.
   */
  static void assertFrameworkInstalled(Path repository, String... artifacts) {
    String version = Scaffold.frameworkVersion();
    for (String artifact : artifacts) {
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

  /** {@code mvn -B -q} with the given repository, in {@code project}. */
  Run maven(Path project, Path repository, String... goals) throws Exception {
    List<String> command = new ArrayList<>();
    command.addAll(List.of(findOnPath("mvn"), "-B", "-q", "-Dmaven.repo.local=" + repository));
    command.addAll(List.of(goals));
    return start(project, command, "mvn " + String.join(" ", goals));
  }

  /** This JVM's {@code java} with the given arguments, in {@code project}. */
  Run java(Path project, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    return start(project, command, "java " + String.join(" ", args));
  }

  /** {@code mvn -o verify} from a clean {@code target}: it must pass without the network. */
  void assertOfflineBuildPasses(Path project, Path repository) throws Exception {
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

  static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
  }
}
