package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.RowRunner;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * S5: what telemetry costs the engine: the same no-op loop with telemetry off (the no-op API), with
 * an SDK sampling no trace, every trace, and every trace plus metrics. Spans go through a batch
 * processor sized for the rate to an exporter that counts and drops them.
 */
final class TelemetryScenario extends BaseScenario {
  static final int CONCURRENCY = 8;
  static final int BATCH = 100;

  TelemetryScenario() {
    super("s5", "S5 telemetry overhead", 500_000, 100_000, 2_000);
    row("off", "telemetry off (no-op API)", pass(() -> null));
    row("sdk-0", "SDK, traces sampled 0 %", pass(() -> new TelemetrySdk(false, false)));
    row("sdk-100", "SDK, traces sampled 100 %", pass(() -> new TelemetrySdk(true, false)));
    row("sdk-100-metrics", "SDK, traces 100 % + metrics", pass(() -> new TelemetrySdk(true, true)));
  }

  private static RowRunner pass(Supplier<@Nullable TelemetrySdk> sdk) {
    return n -> {
      TelemetrySdk t = sdk.get();
      OpenTelemetry otel = t == null ? OpenTelemetry.noop() : t.openTelemetry();
      ConsumerPolicy policy =
          ConsumerPolicy.builder("bench")
              .mode(LoopMode.CONTINUOUS)
              .concurrency(CONCURRENCY)
              .batchSize(BATCH)
              .build();
      return new ErgonPass(
          new NoopHooks(), policy, new QueueConnector(Transactions.of(n), null), n, otel, null) {
        @Override
        public double extra() {
          return t == null ? Double.NaN : t.flushAndCountSpans() / (double) n;
        }

        @Override
        public void close() throws Exception {
          super.close();
          if (t != null) {
            t.close();
          }
        }
      };
    };
  }

  @Override
  public String settings(int transactions) {
    return String.format(
        Locale.ROOT,
        "%,d no-op transactions per pass, concurrency %d, batch %d, virtual threads, continuous;"
            + " spans exported (after a flush) per transaction show that none were dropped."
            + " Ratios are to telemetry off.",
        transactions,
        CONCURRENCY,
        BATCH);
  }

  @Override
  public String limitRow() {
    return "off";
  }

  @Override
  public String extraHeader() {
    return "spans/tx exported";
  }

  @Override
  public boolean perTransactionMicros() {
    return true;
  }
}
