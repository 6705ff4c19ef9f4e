package dev.ergon.telemetry;

import dev.ergon.ConfigurationException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which traces are recorded, with the OpenTelemetry SDK's samplers. A sampled-out transaction still
 * gets trace and span ids (its logs still correlate); its spans are just not exported.
 *
 * <pre>{@code
 * Sampling.parentBased(Sampling.traceIdRatio(0.1)); // 10 % of new traces, follow the caller
 * Sampling.parse("parentbased_traceidratio", 0.1);  // the same, with OTEL_TRACES_SAMPLER names
 * }</pre>
 */
public sealed interface Sampling
    permits Sampling.AlwaysOn, Sampling.AlwaysOff, Sampling.TraceIdRatio, Sampling.ParentBased {

  /** Records every trace. */
  record AlwaysOn() implements Sampling {}

  /** Records no trace. */
  record AlwaysOff() implements Sampling {}

  /**
   * Records a fraction of traces, decided by the trace id (so all spans of a trace agree).
   *
   * @param ratio between 0 and 1
   */
  record TraceIdRatio(double ratio) implements Sampling {
    /** Checks the ratio. */
    public TraceIdRatio {
      if (!(ratio >= 0.0 && ratio <= 1.0)) {
        throw new ConfigurationException("ratio", ratio, "between 0 and 1");
      }
    }
  }

  /**
   * Follows the parent's decision (a remote caller's, through {@code traceparent}); uses {@code
   * root} for new traces.
   *
   * @param root the sampler of traces that start here; not itself parent-based
   */
  record ParentBased(Sampling root) implements Sampling {
    /** Checks the root sampler. */
    public ParentBased {
      Objects.requireNonNull(root, "root");
      if (root instanceof ParentBased) {
        throw new ConfigurationException("root", root, "not parent-based");
      }
    }
  }

  /**
   * Always on.
   *
   * @return the sampler
   */
  static Sampling alwaysOn() {
    return new AlwaysOn();
  }

  /**
   * Always off.
   *
   * @return the sampler
   */
  static Sampling alwaysOff() {
    return new AlwaysOff();
  }

  /**
   * A trace-id ratio.
   *
   * @param ratio between 0 and 1
   * @return the sampler
   */
  static Sampling traceIdRatio(double ratio) {
    return new TraceIdRatio(ratio);
  }

  /**
   * Parent-based with {@code root} for new traces.
   *
   * @param root the root sampler
   * @return the sampler
   */
  static Sampling parentBased(Sampling root) {
    return new ParentBased(root);
  }

  /**
   * The SDK's default: parent-based, always on for new traces.
   *
   * @return the sampler
   */
  static Sampling defaults() {
    return parentBased(alwaysOn());
  }

  /**
   * Parses an {@code OTEL_TRACES_SAMPLER} name: {@code always_on}, {@code always_off}, {@code
   * traceidratio}, {@code parentbased_always_on}, {@code parentbased_always_off}, {@code
   * parentbased_traceidratio}.
   *
   * @param name the sampler's name
   * @param ratio the ratio for the {@code traceidratio} samplers (default 1.0 when null)
   * @return the sampler
   * @throws ConfigurationException when the name or the ratio is invalid
   */
  static Sampling parse(String name, @Nullable Double ratio) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    double r = ratio == null ? 1.0 : ratio;
    return switch (n) {
      case "always_on" -> alwaysOn();
      case "always_off" -> alwaysOff();
      case "traceidratio" -> traceIdRatio(r);
      case "parentbased_always_on" -> parentBased(alwaysOn());
      case "parentbased_always_off" -> parentBased(alwaysOff());
      case "parentbased_traceidratio" -> parentBased(traceIdRatio(r));
      default ->
          throw new ConfigurationException(
              "sampler",
              name,
              "one of always_on, always_off, traceidratio, parentbased_always_on,"
                  + " parentbased_always_off, parentbased_traceidratio");
    };
  }
}
