package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-based bad command lines: random argument lists (commands, options, task and policy
 * names, JSON, paths, garbage strings) through picocli's entry point in process, with output
 * captured and a launcher that returns at once. Property: an exit code of the documented ones (0,
 * 1, 2, 3), a non-empty message on standard error for 2, never an exception's class name or a stack
 * trace, never a hang. {@code init} is left out: it writes a project into the working directory.
 */
class ArgumentsBadInputTest {
  private static final List<String> COMMANDS =
      List.of(
          "list",
          "run",
          "process-transaction",
          "process-transaction-by-id",
          "validate",
          "policy",
          "explain",
          "help");

  private static final List<String> OPTIONS =
      List.of(
          "--config",
          "-c",
          "--payload-json",
          "--id",
          "--metadata",
          "--help",
          "-h",
          "--version",
          "-V",
          "--",
          "-",
          "--config=",
          "--metadata=a=b",
          "--metadata==",
          "--id=",
          "-cx",
          "--unknown");

  private static final List<String> VALUES =
      List.of(
          "order-processor",
          "audit",
          "consumer",
          "feeder",
          "audit-consumer",
          "{}",
          "{\"action\":\"ok\"}",
          "{\"action\":\"fail\"}",
          "{\"action\":\"fail-unhandled\"}",
          "[1,2]",
          "null",
          "\"text\"",
          "{\"a\":",
          "{\"a\":1e999999}",
          "1e999999",
          "-0",
          "a=b",
          "=",
          "",
          " ",
          "/",
          "/dev/null",
          "/nonexistent/ergon.yaml",
          "\u0000",
          "\uD800",
          "..");

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> randomArgumentListsExitWithADocumentedCodeAndAMessage() throws Exception {
    Path valid = dir.resolve("ergon.yaml");
    Files.writeString(valid, "tasks:\n  order-processor:\n    max_workers: 2\n");
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "tasks:\n  order-processor:\n    max_workers: [\n");
    Garbage g = new Garbage(Garbage.SEED + 3);
    return IntStream.range(0, Garbage.tries(200))
        .mapToObj(
            i -> {
              List<String> args = arguments(g, valid, broken);
              String shown = ConfigBadInputTest.show(args.toString());
              return DynamicTest.dynamicTest("args #" + i + ": " + shown, () -> check(args, shown));
            });
  }

  @Test
  void aConfigPathTheFileSystemCannotNameIsInvalidInputNamingTheValue() {
    Cli.Result r = ConfigBadInputTest.run(Map.of(), Map.of(), "validate", "-c", "a\u0000b");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("Invalid value for option '--config': 'a\\u0000b' is not a file path")
        .doesNotContain("InvalidPathException");
  }

  private static List<String> arguments(Garbage g, Path valid, Path broken) {
    List<String> args = new ArrayList<>();
    if (g.chance(85)) {
      args.add(g.pick(COMMANDS));
    }
    for (int k = g.nextInt(7); k > 0; k--) {
      args.add(
          switch (g.nextInt(10)) {
            case 0, 1 -> g.pick(OPTIONS);
            case 2 -> g.pick(COMMANDS);
            case 3 -> g.string(20);
            case 4 -> (g.chance(50) ? valid : broken).toString();
            default -> g.pick(VALUES);
          });
    }
    return args;
  }

  private static void check(List<String> args, String shown) {
    Cli.Result r = ConfigBadInputTest.run(Map.of(), Map.of(), args.toArray(String[]::new));
    assertThat(r.code())
        .as(
            "exit code of %s%n%s%s",
            shown, ConfigBadInputTest.show(r.out()), ConfigBadInputTest.show(r.err()))
        .isIn(0, 1, 2, 3);
    ConfigBadInputTest.assertNoBareException(r, shown);
    if (r.code() == 2) {
      assertThat(r.err()).as("stderr of %s", shown).isNotBlank();
    }
  }
}
