package dev.ergon.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

  @TempDir Path tmp;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theGeneratedProjectBuildsOnlineThenOfflineAndItsMainListsAndRunsTheExampleTask()
      throws Exception {
    ProjectBuilds builds = new ProjectBuilds(tmp);
    Path repository = ProjectBuilds.localRepository();
    ProjectBuilds.assertFrameworkInstalled(repository, ARTIFACTS);
    Path project = tmp.resolve("demo");
    new Scaffold().create("demo", project, false);

    // Online, with -Pdist: everything `verify` and the runnable jar need lands in the repository.
    ProjectBuilds.Run online = builds.maven(project, repository, "-Pdist", "verify");
    assertThat(online.exit())
        .as("`mvn -Pdist verify` in %s exited %d:%n%s", project, online.exit(), online.output())
        .isZero();
    assertThat(project.resolve("target/demo.jar")).isRegularFile();
    assertThat(project.resolve("target/lib")).isDirectory();

    ProjectBuilds.Run list = builds.java(project, "-jar", "target/demo.jar", "list");
    assertThat(list.exit()).as("`java -jar target/demo.jar list`:%n%s", list.output()).isZero();
    assertThat(list.output()).contains(Scaffold.EXAMPLE_TASK);
    ProjectBuilds.Run run =
        builds.java(project, "-jar", "target/demo.jar", "run", Scaffold.EXAMPLE_TASK);
    assertThat(run.exit()).as("`java -jar target/demo.jar run`:%n%s", run.output()).isZero();
    assertThat(run.output()).contains("fetched 5, succeeded 4, failed handled 1");

    // Offline, from a clean target: nothing beyond what is now in the repository.
    builds.assertOfflineBuildPasses(project, repository);
    assertThat(project.resolve("target/demo.jar")).isRegularFile();
    try (Stream<Path> reports = Files.list(project.resolve("target/surefire-reports"))) {
      assertThat(reports.map(p -> p.getFileName().toString()))
          .contains(
              "TEST-com.example.demo.tasks.exampletask.ExampleTaskTest.xml",
              "TEST-com.example.demo.tasks.exampletask.HelpersTest.xml",
              "TEST-com.example.demo.connectors.ListConnectorTest.xml");
    }
  }
}
