package dev.ergon.telemetry.internal;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * A pull metric reader: collects cumulative metrics when asked and renders them in the Prometheus
 * text format ({@link PrometheusText}), for a {@code /metrics} endpoint. Thread-safe.
 */
public final class PrometheusReader implements MetricReader {
  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  /** Creates an unregistered reader; the meter provider registers it. */
  public PrometheusReader() {}

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  /**
   * Collects every metric now and renders it.
   *
   * @return the Prometheus text exposition
   */
  public String scrape() {
    return PrometheusText.render(registration.collectAllMetrics());
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    registration = CollectionRegistration.noop();
    return CompletableResultCode.ofSuccess();
  }
}
