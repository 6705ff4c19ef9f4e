package dev.ergon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-based bad configuration: random and mutated {@code ergon.yaml} documents, system
 * properties {@code ergon.tasks.…} and environment variables {@code ERGON_TASKS__…}, each through
 * {@code ergon validate} and {@code ergon policy explain} in process. Property: the command exits 0
 * (valid) or 2 with every problem naming its source (the file, the property, the variable), never
 * with an exception's class name or a stack trace, and within a timeout. The cases are seeded
 * ({@link Garbage#SEED}); a failure names the case and its input.
 */
class ConfigBadInputTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Exception class names that mean an input reached code that did not expect it. */
  static final List<String> BARE =
      List.of(
          "NullPointerException",
          "ClassCastException",
          "NumberFormatException",
          "IndexOutOfBoundsException",
          "ArithmeticException",
          "UnsupportedOperationException",
          "StackOverflowError",
          "OutOfMemoryError",
          "DateTimeException",
          "DateTimeParseException",
          "UncheckedIOException",
          "InvalidPathException",
          "IllegalArgumentException",
          "JsonMappingException",
          "MismatchedInputException",
          "\tat ");

  /** Valid leaves of the task {@code order-processor}, below {@code tasks.order-processor}. */
  private static final List<Map.Entry<String, Object>> VALID =
      List.of(
          Map.entry("max_workers", 2),
          Map.entry("policies.consumer.loop.concurrency.value", 8),
          Map.entry("policies.consumer.loop.concurrency.threads", "threads"),
          Map.entry("policies.consumer.loop.batch.size", 16),
          Map.entry("policies.consumer.loop.batch.interval", "1s"),
          Map.entry("policies.consumer.loop.streaming", true),
          Map.entry("policies.consumer.loop.limit", 100),
          Map.entry("policies.consumer.loop.timeout", "10m"),
          Map.entry("policies.consumer.loop.empty_queue.backoff", "100ms"),
          Map.entry("policies.consumer.loop.empty_queue.backoff_cap", "5s"),
          Map.entry("policies.consumer.loop.empty_queue.backoff_multiplier", 2.0),
          Map.entry("policies.consumer.process.retry.max_attempts", 3),
          Map.entry("policies.consumer.process.retry.backoff", "1s"),
          Map.entry("policies.consumer.process.retry.backoff_cap", "30s"),
          Map.entry("policies.consumer.process.retry.backoff_multiplier", 2),
          Map.entry("policies.consumer.process.retry.jitter", "100ms"),
          Map.entry("policies.consumer.process.retry.timeout", "5s"),
          Map.entry("policies.consumer.fetch.retry.max_attempts", 2),
          Map.entry("policies.consumer.exception.retry.max_attempts", 2),
          Map.entry("policies.consumer.success.retry.backoff", "2s"),
          Map.entry("policies.consumer.prepare.retry.timeout", "1s"),
          Map.entry("policies.consumer.transaction_runtime.timeout", "60s"),
          Map.entry("policies.consumer.fetch.connector_name", "input"),
          Map.entry("supervision.enabled", true),
          Map.entry("supervision.check_interval", "10s"),
          Map.entry("supervision.unhealthy_grace", "30s"),
          Map.entry("supervision.startup_grace", "1m"),
          Map.entry("telemetry.service_name", "orders"),
          Map.entry("telemetry.logging.level", "info"),
          Map.entry("telemetry.logging.format", "json"),
          Map.entry("telemetry.tracing.ratio", 0.5),
          Map.entry("connectors.input.queue", "orders"));

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> mutatedYamlFilesAreValidOrFailNamingTheFile() {
    Garbage g = new Garbage(Garbage.SEED);
    return IntStream.range(0, Garbage.tries(150))
        .mapToObj(
            i -> {
              byte[] file = yamlCase(g);
              String shown = show(new String(file, StandardCharsets.UTF_8));
              return DynamicTest.dynamicTest(
                  "yaml #" + i + ": " + shown, () -> checkFile(i, file, shown));
            });
  }

  @TestFactory
  Stream<DynamicTest> randomSystemPropertiesAreValidOrFailNamingTheProperty() {
    Garbage g = new Garbage(Garbage.SEED + 1);
    return IntStream.range(0, Garbage.tries(100))
        .mapToObj(
            i -> {
              Map<String, String> props = new LinkedHashMap<>();
              for (int k = 1 + g.nextInt(3); k > 0; k--) {
                props.put("ergon.tasks." + overrideKey(g, "."), String.valueOf(g.scalar()));
              }
              return DynamicTest.dynamicTest(
                  "properties #" + i + ": " + show(props.toString()),
                  () -> checkOverrides(props, Map.of(), props.keySet()));
            });
  }

  @TestFactory
  Stream<DynamicTest> randomEnvironmentOverridesAreValidOrFailNamingTheVariable() {
    Garbage g = new Garbage(Garbage.SEED + 2);
    return IntStream.range(0, Garbage.tries(100))
        .mapToObj(
            i -> {
              Map<String, String> env = new LinkedHashMap<>();
              for (int k = 1 + g.nextInt(3); k > 0; k--) {
                String key = overrideKey(g, "__").replace('-', '_');
                if (g.chance(60)) {
                  key = key.toUpperCase(java.util.Locale.ROOT);
                }
                if (g.chance(10)) {
                  key = key + (g.chance(50) ? "__" : "___");
                }
                env.put("ERGON_TASKS__" + key, String.valueOf(g.scalar()));
              }
              return DynamicTest.dynamicTest(
                  "environment #" + i + ": " + show(env.toString()),
                  () -> checkOverrides(Map.of(), env, env.keySet()));
            });
  }

  // Cases the properties found, kept as examples.

  @Test
  void aValueWithALineBreakIsShownEscapedSoThatItsProblemStaysOnOneLineWithItsSource() {
    String name = "ergon.tasks.order-processor.policies.consumer.process.retry.max_attempts";

    Cli.Result r = run(Map.of(name, "3\nextra\u2028\uD800"), Map.of(), "validate");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "  - tasks.order-processor.policies.consumer.process.retry.max_attempts must be an"
                + " integer but was '3\\u000Aextra\\u2028\\uD800' (system property "
                + name
                + ")");
  }

  @Test
  void aProblemOfTheWholeTaskNamesTheSourcesThatConfiguredIt() {
    String name = "ergon.tasks.order-processor.policies.consumer.fetch.connector_name";

    Cli.Result r = run(Map.of(name, "~"), Map.of(), "validate");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("fetch.connector_name '~' is not a configured connector")
        .contains("(configured by: system property " + name + ")");
  }

  @Test
  void anEnvironmentVariableWithAControlCharacterInItsNameIsShownEscaped() {
    Cli.Result r = run(Map.of(), Map.of("ERGON_TASKS__ORDER_PROCESSOR__\u000B", "1"), "validate");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("environment variable ERGON_TASKS__ORDER_PROCESSOR__\\u000B");
    assertThat(r.err()).doesNotContain("\u000B");
  }

  /** A key below {@code ergon.tasks.}: a valid one, one with a segment mutated, or garbage. */
  private static String overrideKey(Garbage g, String separator) {
    List<String> segments =
        new ArrayList<>(List.of(("order-processor." + g.pick(VALID).getKey()).split("\\.")));
    switch (g.nextInt(6)) {
      case 0 -> segments.set(g.nextInt(segments.size()), g.key());
      case 1 -> segments.add(g.key());
      case 2 -> segments.remove(segments.size() - 1);
      case 3 -> segments.set(g.nextInt(segments.size()), g.string(8));
      default -> {}
    }
    return String.join(separator, segments);
  }

  private void checkFile(int i, byte[] content, String shown) throws IOException {
    Path file = dir.resolve("case-" + i + ".yaml");
    Files.write(file, content);
    String source = "file " + file.toAbsolutePath().normalize();
    for (String[] args :
        List.of(
            new String[] {"validate", "--config", file.toString()},
            new String[] {
              "policy", "explain", "order-processor", "consumer", "-c", file.toString()
            })) {
      Cli.Result r = run(Map.of(), Map.of(), args);
      assertThat(r.code())
          .as("exit code of %s on %s%n%s", args[0], shown, show(r.err()))
          .isIn(0, 2);
      assertNoBareException(r, shown);
      if (r.code() == 2) {
        for (String problem : problems(r.err())) {
          assertThat(problem.contains(source))
              .as("problem '%s' names %s; input %s", show(problem), source, shown)
              .isTrue();
        }
      }
    }
  }

  private static void checkOverrides(
      Map<String, String> props, Map<String, String> env, java.util.Set<String> names) {
    String shown = show(props.isEmpty() ? env.toString() : props.toString());
    Cli.Result r = run(props, env, "validate");
    assertThat(r.code()).as("exit code on %s%n%s", shown, show(r.err())).isIn(0, 2);
    assertNoBareException(r, shown);
    if (r.code() == 2) {
      for (String problem : problems(r.err())) {
        assertThat(names.stream().map(ConfigBadInputTest::printable).anyMatch(problem::contains))
            .as("problem '%s' names one of %s", show(problem), names)
            .isTrue();
      }
    }
  }

  static Cli.Result run(Map<String, String> props, Map<String, String> env, String... args) {
    return assertTimeoutPreemptively(
        TIMEOUT,
        () ->
            Cli.with(TestTasks.orders(), TestTasks.audit())
                .launcher((config, settings) -> 0) // run: configuration checked, nothing started
                .properties(props)
                .env(env)
                .run(args),
        () -> "no answer within " + TIMEOUT + " to " + show(String.join(" ", args)));
  }

  static void assertNoBareException(Cli.Result r, String input) {
    // the YAML parser's own report of a malformed token may name the JDK exception it caught
    String err = r.err().replaceAll("is not valid YAML: .*", "is not valid YAML");
    for (String bare : BARE) {
      assertThat(err.contains(bare) || r.out().contains(bare))
          .as("'%s' in the output on %s:%n%s%n%s", bare, input, show(r.out()), show(r.err()))
          .isFalse();
    }
  }

  /** The problems of an invalid configuration, as {@code validate} and the others print them. */
  private static List<String> problems(String err) {
    List<String> out = new ArrayList<>();
    for (String line : err.split("\\R")) {
      if (line.startsWith("  - ")) {
        out.add(line.substring(4));
      } else if (line.startsWith("ergon: ")) {
        out.add(line.substring(7));
      }
    }
    return out;
  }

  /** The case, short enough for a test name and a message: controls escaped, long runs cut. */
  static String show(String s) {
    String p = printable(s.length() > 600 ? s.substring(0, 600) : s);
    return s.length() > 600 ? p + "… (" + s.length() + " chars)" : p;
  }

  /** Escapes as the configuration's messages do: controls, separators, unpaired surrogates. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .forEach(
            c -> {
              if (c < 0x20
                  || c == 0x7F
                  || c == 0x85
                  || c == 0x2028
                  || c == 0x2029
                  || (c >= 0xD800 && c <= 0xDFFF)) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04X", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }

  private static byte[] yamlCase(Garbage g) {
    return switch (g.nextInt(10)) {
      case 0 -> g.bytes(300); // binary
      case 1 -> textual(YamlText.of(structured(g), g), g).getBytes(StandardCharsets.UTF_8);
      case 2 -> special(g).getBytes(StandardCharsets.UTF_8);
      default -> YamlText.of(structured(g), g).getBytes(StandardCharsets.UTF_8);
    };
  }

  /** A valid document of a few keys, with some of them mutated. */
  private static Map<String, @Nullable Object> structured(Garbage g) {
    Map<String, @Nullable Object> root = new LinkedHashMap<>();
    for (int k = 1 + g.nextInt(5); k > 0; k--) {
      Map.Entry<String, Object> leaf = g.pick(VALID);
      List<String> path =
          new ArrayList<>(List.of(("tasks.order-processor." + leaf.getKey()).split("\\.")));
      @Nullable Object value = leaf.getValue();
      switch (g.nextInt(8)) {
        case 0 -> value = g.scalar();
        case 1 -> value = g.value(3);
        case 2 -> path.set(g.nextInt(path.size()), g.key());
        case 3 -> path.add(g.key());
        case 4 -> path.subList(1 + g.nextInt(path.size() - 1), path.size()).clear();
        case 5 -> value = g.chance(50) ? null : g.mapping(2);
        default -> {} // valid
      }
      put(root, path, value);
    }
    if (g.chance(10)) {
      root.put(g.key(), g.value(2)); // an unknown top-level key
    }
    return root;
  }

  @SuppressWarnings("unchecked")
  private static void put(
      Map<String, @Nullable Object> root, List<String> path, @Nullable Object v) {
    Map<String, @Nullable Object> m = root;
    for (String segment : path.subList(0, path.size() - 1)) {
      Object next = m.get(segment);
      if (!(next instanceof Map<?, ?>)) {
        next = new LinkedHashMap<String, @Nullable Object>();
        m.put(segment, next);
      }
      m = (Map<String, @Nullable Object>) next;
    }
    m.put(path.get(path.size() - 1), v);
  }

  /** The text mutated: cut, a character changed, a line doubled, tabs, a BOM. */
  private static String textual(String text, Garbage g) {
    if (text.isEmpty()) {
      return text;
    }
    int at = g.nextInt(text.length());
    return switch (g.nextInt(6)) {
      case 0 -> text.substring(0, at);
      case 1 -> text.substring(0, at) + g.string(3) + text.substring(at + 1);
      case 2 -> text + text.substring(text.lastIndexOf('\n', Math.max(0, text.length() - 2)) + 1);
      case 3 -> text.replaceFirst("  ", "\t");
      case 4 -> "\uFEFF" + text;
      default ->
          text.substring(0, at)
              + g.pick(
                  List.of(
                      ": ",
                      "- ",
                      "&a ",
                      "*a",
                      "!!binary ",
                      "? ",
                      "{",
                      "[",
                      "%YAML 1.1\n",
                      "---\n",
                      "...\n"))
              + text.substring(at);
    };
  }

  /** Documents that parsers find hard: deep nesting, alias bombs, non-mappings, empty. */
  private static String special(Garbage g) {
    int depth = 10 + g.nextInt(2000);
    return switch (g.nextInt(9)) {
      case 0 -> "";
      case 1 -> "tasks:\n" + "  ".repeat(1) + "[".repeat(depth) + "]".repeat(depth) + "\n";
      case 2 -> "tasks: " + "{a: ".repeat(depth) + "1" + "}".repeat(depth) + "\n";
      case 3 ->
          "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c"
              + " [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ntasks: *d\n";
      case 4 -> "- tasks\n- order-processor\n";
      case 5 -> "just a string\n";
      case 6 -> "tasks:\n  order-processor: &p\n    max_workers: 2\n  audit: *p\n";
      case 7 -> "tasks: !!java.util.HashMap {}\n";
      default -> "tasks:\n  order-processor:\n    max_workers: 1\n    max_workers: 2\n";
    };
  }
}
