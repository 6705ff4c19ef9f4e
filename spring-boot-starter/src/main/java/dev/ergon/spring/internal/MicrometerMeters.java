package dev.ergon.spring.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.Locale;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * The engine's metrics recorded into the application's Micrometer {@code MeterRegistry} (through
 * opentelemetry-java-contrib's {@code MicrometerMeterProvider}, given here as a plain OpenTelemetry
 * {@link MeterProvider}), and the rule for when they are: {@value
 * SpringProperties#MICROMETER_METRICS} = {@code true} always; {@code auto} (the default) when the
 * application has no {@link OpenTelemetry} bean, or only the one Spring Boot's {@code
 * OpenTelemetryAutoConfiguration} made without an {@code SdkMeterProvider} bean (whose metrics
 * would go nowhere); {@code false} never (this bean is then not defined).
 *
 * <p>Thread-safe.
 */
public final class MicrometerMeters implements AutoCloseable {

  /** The configuration class of Spring Boot 3.5 that makes the SDK from the application's beans. */
  static final String BOOT_OPEN_TELEMETRY =
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration";

  private static final String SDK_METER_PROVIDER = "io.opentelemetry.sdk.metrics.SdkMeterProvider";

  private final MeterProvider meters;
  private final AutoCloseable close;
  private final boolean always;

  /**
   * The meters and the rule.
   *
   * @param meters the meter provider recording into the registry
   * @param close closes it when the context closes
   * @param mode the value of {@value SpringProperties#MICROMETER_METRICS}: {@code auto} or {@code
   *     true}
   */
  public MicrometerMeters(MeterProvider meters, AutoCloseable close, String mode) {
    this.meters = meters;
    this.close = close;
    this.always =
        switch (mode.strip().toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "auto" -> false;
          default ->
              throw new IllegalArgumentException(
                  SpringProperties.MICROMETER_METRICS
                      + " must be auto, true or false but was '"
                      + mode
                      + "'");
        };
  }

  /**
   * The telemetry the engine records through: {@code base}, with this meter provider instead of its
   * own when the rule says so.
   *
   * @param base the application's {@link OpenTelemetry} bean, or no-op
   * @param beans the application's bean factory, to tell where {@code base} came from
   * @return the telemetry for the engine
   */
  public OpenTelemetry over(OpenTelemetry base, ConfigurableListableBeanFactory beans) {
    return applies(beans) ? new WithMeters(base, meters) : base;
  }

  private boolean applies(ConfigurableListableBeanFactory beans) {
    if (always) {
      return true;
    }
    String[] names = beans.getBeanNamesForType(OpenTelemetry.class, true, false);
    if (names.length == 0) {
      return true;
    }
    if (names.length > 1 || !BOOT_OPEN_TELEMETRY.equals(factoryOf(beans, names[0]))) {
      return false;
    }
    try {
      Class<?> sdkMeters = Class.forName(SDK_METER_PROVIDER, false, getClass().getClassLoader());
      return beans.getBeanNamesForType(sdkMeters, true, false).length == 0;
    } catch (ClassNotFoundException e) {
      return true;
    }
  }

  private static String factoryOf(ConfigurableListableBeanFactory beans, String name) {
    if (!beans.containsBeanDefinition(name)) {
      return "";
    }
    String factory = beans.getBeanDefinition(name).getFactoryBeanName();
    return factory == null ? "" : factory;
  }

  @Override
  public void close() throws Exception {
    close.close();
  }

  /** {@code base} with another meter provider; traces, logs and propagation stay {@code base}'s. */
  private record WithMeters(OpenTelemetry base, MeterProvider meters) implements OpenTelemetry {
    @Override
    public TracerProvider getTracerProvider() {
      return base.getTracerProvider();
    }

    @Override
    public MeterProvider getMeterProvider() {
      return meters;
    }

    @Override
    public LoggerProvider getLogsBridge() {
      return base.getLogsBridge();
    }

    @Override
    public ContextPropagators getPropagators() {
      return base.getPropagators();
    }
  }
}
