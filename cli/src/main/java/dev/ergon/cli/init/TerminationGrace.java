package dev.ergon.cli.init;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ergon.cli.config.Durations;
import dev.ergon.cli.config.SupervisionSettings;
import dev.ergon.cli.init.ScaffoldException.Reason;
import java.time.Duration;

/**
 * The pod's {@code terminationGracePeriodSeconds} derived from a task's {@code
 * supervision.shutdown_grace}: on SIGTERM the runner drains for at most the shutdown grace, then
 * ends the process itself; the pod gets {@link #MARGIN} more before the kubelet sends SIGKILL (the
 * same margin the runtime gives its own worker processes).
 *
 * <pre>{@code
 * TerminationGrace.podSeconds(Duration.ofSeconds(15)); // 25
 * }</pre>
 *
 * <p>Stateless, thread-safe.
 */
public final class TerminationGrace {

  /** What the pod gets beyond the shutdown grace: the process's own exit and telemetry flush. */
  public static final Duration MARGIN = Duration.ofSeconds(10);

  private static final YAMLMapper YAML = new YAMLMapper();

  private TerminationGrace() {}

  /**
   * The whole seconds Kubernetes should wait after SIGTERM: the grace rounded up, plus {@link
   * #MARGIN}.
   *
   * @param shutdownGrace the task's {@code supervision.shutdown_grace}, zero or more
   * @return e.g. 25 for 15 s
   */
  public static long podSeconds(Duration shutdownGrace) {
    check(shutdownGrace);
    Duration total = shutdownGrace.plus(MARGIN);
    return total.toSeconds() + (total.toNanosPart() > 0 ? 1 : 0);
  }

  /**
   * The grace as {@code ergon.yaml} spells it and reads it back: whole seconds ({@code 15s}) or
   * milliseconds ({@code 1500ms}).
   *
   * @param shutdownGrace zero or more, in whole milliseconds
   * @return the text
   */
  static String yamlValue(Duration shutdownGrace) {
    check(shutdownGrace);
    return shutdownGrace.toMillisPart() == 0
        ? shutdownGrace.toSeconds() + "s"
        : shutdownGrace.toMillis() + "ms";
  }

  /**
   * Checks a grace given to the scaffold: zero or more, whole milliseconds.
   *
   * @param shutdownGrace the grace
   * @throws ScaffoldException naming {@code shutdown_grace} and the value otherwise
   */
  static void check(Duration shutdownGrace) {
    if (shutdownGrace.isNegative() || shutdownGrace.toNanosPart() % 1_000_000 != 0) {
      throw new ScaffoldException(
          Reason.INVALID_OPTION,
          "invalid shutdown_grace '"
              + shutdownGrace
              + "': zero or more, in whole milliseconds (e.g. 15s, 1500ms)");
    }
  }

  /**
   * The shutdown grace an {@code ergon.yaml} gives a task: its {@code supervision.shutdown_grace},
   * or the default ({@link SupervisionSettings#defaults()}) when the key is absent.
   *
   * @param ergonYaml the file's text
   * @param task the task's name
   * @return the grace
   * @throws IllegalStateException when the text is not YAML or the value is not a duration (the
   *     scaffold renders the file itself, so this is a bug of its templates)
   */
  static Duration readFrom(String ergonYaml, String task) {
    JsonNode value;
    try {
      value = YAML.readTree(ergonYaml).at("/tasks/" + task + "/supervision/shutdown_grace");
    } catch (JacksonException e) {
      throw new IllegalStateException("the generated ergon.yaml is not YAML: " + e, e);
    }
    if (value.isMissingNode()) {
      return SupervisionSettings.defaults().shutdownGrace();
    }
    return Durations.parse(value.asText())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the generated ergon.yaml has tasks."
                        + task
                        + ".supervision.shutdown_grace '"
                        + value.asText()
                        + "', not a duration"));
  }
}
