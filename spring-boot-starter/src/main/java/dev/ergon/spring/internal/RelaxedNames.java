package dev.ergon.spring.internal;

import dev.ergon.cli.config.SupervisionSettings;
import dev.ergon.cli.config.TaskSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Translates Spring's relaxed spellings of an {@code ergon.tasks.…} property to the key path of
 * {@code ergon.yaml} (snake_case), so that every spelling reaches the same key:
 *
 * <ul>
 *   <li>properties and YAML: {@code ergon.tasks.my-task.policies.consumer.loop.empty-queue.backoff}
 *       and {@code ….emptyQueue.backoff} become {@code ….empty_queue.backoff}; the task name is
 *       matched against the known tasks ignoring case, {@code -} and {@code _}; policy, connector
 *       and service names and the keys inside {@code connectors} and {@code services} stay as
 *       written;
 *   <li>environment variables, as Spring maps them ({@code _} for {@code .}, dashes dropped, upper
 *       case): {@code ERGON_TASKS_MYTASK_POLICIES_CONSUMER_LOOP_EMPTY_QUEUE_BACKOFF} becomes {@code
 *       tasks.my-task.policies.consumer.loop.empty_queue.backoff}: the words are regrouped with the
 *       keys of {@code ergon.yaml}; a policy name runs up to the first word that starts a policy
 *       key ({@code loop}, {@code fetch}, {@code process}, …); in {@code connectors} and {@code
 *       services} the first word is the name and the rest one key joined with {@code _}.
 * </ul>
 *
 * A name that does not fit is passed on unchanged, so that the configuration rejects it naming the
 * key and its property source.
 */
public final class RelaxedNames {
  /** The snake_case words of {@code ergon.yaml}'s keys, which environment variables split. */
  private static final Set<String> COMPOUNDS = compounds();

  /** The first words of policy key paths. */
  private static final Set<String> POLICY_ROOTS =
      Set.of(
          "loop",
          "fetch",
          "process",
          "success",
          "exception",
          "prepare",
          "transaction_runtime",
          "settlement");

  private RelaxedNames() {}

  private static Set<String> compounds() {
    Set<String> words = new TreeSet<>();
    List<String> all = new ArrayList<>(TaskSettings.SECTIONS);
    all.addAll(SupervisionSettings.KEYS);
    all.addAll(
        List.of(
            "empty_queue",
            "backoff_multiplier",
            "backoff_cap",
            "connector_name",
            "transaction_runtime",
            "on_unhandled",
            "max_attempts",
            "from_environment",
            "service_name"));
    for (String key : all) {
      if (key.contains("_")) {
        words.add(key);
      }
    }
    return words;
  }

  /**
   * The {@code ergon.yaml} path of a property from a file, the command line or system properties.
   *
   * @param name the property name, starting {@code ergon.}
   * @param tasks the known task names
   * @return the name with {@code ergon.yaml}'s spelling
   */
  public static String ofProperty(String name, Collection<String> tasks) {
    List<String> segments = Arrays.asList(name.split("\\.", -1));
    if (segments.size() < 3 || !segments.get(1).equals("tasks")) {
      return name;
    }
    Optional<int[]> task = findTask(segments, tasks, ".");
    if (task.isEmpty()) {
      return name;
    }
    String taskName = matchedTask(segments, task.get(), tasks, ".");
    List<String> rest = segments.subList(task.get()[1], segments.size());
    List<String> out = new ArrayList<>(List.of("ergon", "tasks", taskName));
    for (int i = 0; i < rest.size(); i++) {
      String section = i > 0 ? out.get(3) : "";
      boolean userName = i == 1 && List.of("policies", "connectors", "services").contains(section);
      boolean freeForm = i > 1 && List.of("connectors", "services").contains(section);
      out.add(userName || freeForm ? rest.get(i) : snake(rest.get(i)));
    }
    return String.join(".", out);
  }

  /**
   * The {@code ergon.yaml} path of an environment variable below {@code ERGON_TASKS_}.
   *
   * @param name the variable, e.g. {@code ERGON_TASKS_ORDERS_SUPERVISION_UNHEALTHY_GRACE}
   * @param tasks the known task names
   * @return e.g. {@code ergon.tasks.orders.supervision.unhealthy_grace}, or the name unchanged when
   *     no known task matches
   */
  public static String ofEnvironment(String name, Collection<String> tasks) {
    List<String> words =
        Arrays.stream(name.toLowerCase(Locale.ROOT).split("_")).filter(w -> !w.isEmpty()).toList();
    if (words.size() < 3 || !words.get(0).equals("ergon") || !words.get(1).equals("tasks")) {
      return name;
    }
    Optional<int[]> task = findTask(words, tasks, "_");
    if (task.isEmpty()) {
      return name;
    }
    List<String> out =
        new ArrayList<>(List.of("ergon", "tasks", matchedTask(words, task.get(), tasks, "_")));
    List<String> rest = regroup(words.subList(task.get()[1], words.size()));
    if (rest.isEmpty()) {
      return String.join(".", out);
    }
    String section = rest.get(0);
    out.add(section);
    List<String> tail = rest.subList(1, rest.size());
    switch (section) {
      case "policies" -> {
        int key = 0;
        while (key < tail.size() && (key == 0 || !POLICY_ROOTS.contains(tail.get(key)))) {
          key++;
        }
        if (key > 0) {
          out.add(String.join("_", words(tail.subList(0, key))));
        }
        out.addAll(tail.subList(key, tail.size()));
      }
      case "connectors", "services" -> {
        List<String> raw = words(tail);
        if (!raw.isEmpty()) {
          out.add(raw.get(0));
        }
        if (raw.size() > 1) {
          out.add(String.join("_", raw.subList(1, raw.size())));
        }
      }
      default -> out.addAll(tail);
    }
    return String.join(".", out);
  }

  /**
   * Groups words into the compound keys ({@code unhealthy}, {@code grace} → {@code
   * unhealthy_grace}).
   */
  private static List<String> regroup(List<String> words) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      String best = words.get(i);
      int taken = 1;
      for (int n = words.size() - i; n > 1; n--) {
        String candidate = String.join("_", words.subList(i, i + n));
        if (COMPOUNDS.contains(candidate)) {
          best = candidate;
          taken = n;
          break;
        }
      }
      out.add(best);
      i += taken;
    }
    return out;
  }

  private static List<String> words(List<String> grouped) {
    List<String> out = new ArrayList<>();
    for (String g : grouped) {
      out.addAll(Arrays.asList(g.split("_")));
    }
    return out;
  }

  /**
   * Where the task name lies: {@code [from, end)} of the segments after {@code tasks}, the longest
   * that matches a known task, exactly (joined with {@code joiner}) or ignoring case, {@code -},
   * {@code _} and {@code .}.
   */
  private static Optional<int[]> findTask(
      List<String> segments, Collection<String> tasks, String joiner) {
    for (int end = segments.size(); end > 2; end--) {
      String candidate = String.join(joiner, segments.subList(2, end));
      String uniform = uniform(candidate);
      for (String t : tasks) {
        if (t.equals(candidate) || uniform(t).equals(uniform)) {
          return Optional.of(new int[] {2, end});
        }
      }
    }
    return Optional.empty();
  }

  private static String matchedTask(
      List<String> segments, int[] span, Collection<String> tasks, String joiner) {
    String candidate = String.join(joiner, segments.subList(span[0], span[1]));
    for (String t : tasks) {
      if (t.equals(candidate)) {
        return t;
      }
    }
    String uniform = uniform(candidate);
    return tasks.stream().filter(t -> uniform(t).equals(uniform)).findFirst().orElse(candidate);
  }

  /** Lower case without {@code -}, {@code _} and {@code .}: Spring's uniform form. */
  static String uniform(String name) {
    return name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
  }

  /** {@code batch-size}, {@code batchSize}, {@code BATCH_SIZE} → {@code batch_size}. */
  static String snake(String segment) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (Character.isUpperCase(c)
          && i > 0
          && (Character.isLowerCase(segment.charAt(i - 1))
              || Character.isDigit(segment.charAt(i - 1)))) {
        b.append('_');
      }
      b.append(c == '-' ? '_' : Character.toLowerCase(c));
    }
    return b.toString();
  }
}
