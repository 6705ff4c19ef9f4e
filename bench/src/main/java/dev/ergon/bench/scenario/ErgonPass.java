package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Latencies;
import dev.ergon.bench.harness.Pass;
import dev.ergon.connector.Connector;
import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.Engine;
import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import io.opentelemetry.api.OpenTelemetry;
import org.jspecify.annotations.Nullable;

/** One consumer loop of the engine over a prepared connector, until the source drains. */
class ErgonPass implements Pass {
  private final ConsumerHooks<?> hooks;
  private final ConsumerPolicy policy;
  private final Connector source;
  private final long expected;
  private final OpenTelemetry otel;
  private final @Nullable Latencies latencies;

  ErgonPass(
      ConsumerHooks<?> hooks,
      ConsumerPolicy policy,
      Connector source,
      long expected,
      OpenTelemetry otel,
      @Nullable Latencies latencies) {
    this.hooks = hooks;
    this.policy = policy;
    this.source = source;
    this.expected = expected;
    this.otel = otel;
    this.latencies = latencies;
  }

  @Override
  public void run() throws Exception {
    try (Engine engine = Engine.builder("bench").openTelemetry(otel).build()) {
      RunReport report = engine.consume(hooks, policy, source, "input");
      if (Boolean.getBoolean("ergon.bench.report")) {
        System.err.println(report); // -Dergon.bench.report=true: fetches, batches, end reason
      }
      if (report.succeeded() != expected) {
        throw new IllegalStateException(
            "expected " + expected + " successes but the loop reported " + report);
      }
    }
  }

  @Override
  public @Nullable Latencies latencies() {
    return latencies;
  }

  @Override
  public void close() throws Exception {
    source.close();
  }
}
