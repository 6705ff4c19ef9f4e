package dev.ergon.bench;

import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.Engine;
import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Measures what telemetry costs the engine: the same consumer loop over an in-memory queue, with
 * telemetry off (the no-op API), with an SDK sampling no trace, with every trace sampled (spans
 * batched to an exporter that drops them), and with every trace sampled plus metrics. Prints a
 * table of the median throughput over the measured rounds.
 *
 * <pre>{@code
 * ./ergon bench                      # 100,000 transactions, concurrency 8, batch 100, 3 rounds
 * ./ergon bench --transactions 20000 --concurrency 4 --rounds 5
 * }</pre>
 */
public final class TelemetryOverheadBench {

  /** One scenario's result. */
  record Row(String scenario, double medianPerSecond, List<Double> rounds) {}

  private TelemetryOverheadBench() {}

  /**
   * Runs the benchmark and prints its table.
   *
   * @param args {@code --transactions N --concurrency C --batch B --rounds R}
   */
  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int transactions = option(args, "--transactions", 100_000);
    int concurrency = option(args, "--concurrency", 8);
    int batch = option(args, "--batch", 100);
    int rounds = option(args, "--rounds", 3);
    List<Row> rows = run(transactions, concurrency, batch, rounds);
    print(System.out, transactions, concurrency, batch, rounds, rows);
  }

  static int option(String[] args, String name, int fallback) {
    int i = Arrays.asList(args).indexOf(name);
    if (i < 0) {
      return fallback;
    }
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    int value = Integer.parseInt(args[i + 1]);
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1 but was " + value);
    }
    return value;
  }

  /** Runs every scenario: one warm-up round, then {@code rounds} measured ones. */
  static List<Row> run(int transactions, int concurrency, int batch, int rounds) {
    List<Row> rows = new ArrayList<>();
    rows.add(
        scenario(
            "telemetry off (no-op API)",
            OpenTelemetry::noop,
            transactions,
            concurrency,
            batch,
            rounds));
    rows.add(
        scenario(
            "SDK, traces sampled 0 %",
            () -> sdk(Sampler.alwaysOff(), false), transactions, concurrency, batch, rounds));
    rows.add(
        scenario(
            "SDK, traces sampled 100 %",
            () -> sdk(Sampler.alwaysOn(), false), transactions, concurrency, batch, rounds));
    rows.add(
        scenario(
            "SDK, traces 100 % + metrics",
            () -> sdk(Sampler.alwaysOn(), true), transactions, concurrency, batch, rounds));
    return rows;
  }

  private static Row scenario(
      String name,
      Supplier<OpenTelemetry> telemetry,
      int transactions,
      int concurrency,
      int batch,
      int rounds) {
    List<Double> measured = new ArrayList<>();
    for (int r = 0; r <= rounds; r++) {
      OpenTelemetry otel = telemetry.get();
      try {
        double perSecond = round(otel, transactions, concurrency, batch);
        if (r > 0) { // round 0 warms the JIT up
          measured.add(perSecond);
        }
      } finally {
        if (otel instanceof OpenTelemetrySdk sdk) {
          sdk.close();
        }
      }
    }
    List<Double> sorted = measured.stream().sorted().toList();
    return new Row(name, sorted.get(sorted.size() / 2), measured);
  }

  private static double round(OpenTelemetry otel, int transactions, int concurrency, int batch) {
    InMemoryConnector input =
        InMemoryConnector.of(
            IntStream.range(0, transactions).mapToObj(i -> Transaction.of("tx-" + i, i)).toList());
    ConsumerPolicy policy =
        ConsumerPolicy.builder("bench")
            .mode(LoopMode.CONTINUOUS)
            .concurrency(concurrency)
            .batchSize(batch)
            .build();
    try (Engine engine = Engine.builder("bench").openTelemetry(otel).build()) {
      RunReport report = engine.consume(new Work(), policy, input, "input");
      if (report.succeeded() != transactions) {
        throw new IllegalStateException("expected " + transactions + " successes: " + report);
      }
      return report.throughputPerSecond();
    }
  }

  /** A trivial consumer: the engine's own cost is what is measured. */
  private static final class Work implements ConsumerHooks<@Nullable Object> {
    @Override
    public @Nullable Object processTransaction(Transaction transaction) {
      return transaction.payload();
    }

    @Override
    public void handleProcessSuccess(Transaction transaction, @Nullable Object result) {}

    @Override
    public void handleProcessException(Transaction transaction, TransactionException error) {}
  }

  private static OpenTelemetry sdk(Sampler sampler, boolean metrics) {
    var b =
        OpenTelemetrySdk.builder()
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(sampler)
                    .addSpanProcessor(BatchSpanProcessor.builder(new DroppingSpans()).build())
                    .build());
    if (metrics) {
      b.setMeterProvider(
          SdkMeterProvider.builder()
              .registerMetricReader(
                  PeriodicMetricReader.builder(new DroppingMetrics())
                      .setInterval(Duration.ofSeconds(1))
                      .build())
              .build());
    }
    return b.build();
  }

  /** Accepts and drops spans: the export's network cost is not the engine's. */
  private static final class DroppingSpans implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Accepts and drops metrics. */
  private static final class DroppingMetrics implements MetricExporter {
    @Override
    public CompletableResultCode export(
        Collection<io.opentelemetry.sdk.metrics.data.MetricData> metrics) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public io.opentelemetry.sdk.metrics.data.AggregationTemporality getAggregationTemporality(
        io.opentelemetry.sdk.metrics.InstrumentType type) {
      return io.opentelemetry.sdk.metrics.data.AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  static void print(
      PrintStream out, int transactions, int concurrency, int batch, int rounds, List<Row> rows) {
    out.printf(
        Locale.ROOT,
        "Telemetry overhead: %,d transactions per round, concurrency %d, batch %d, median of %d"
            + " rounds (after one warm-up), %d cores%n",
        transactions,
        concurrency,
        batch,
        rounds,
        Runtime.getRuntime().availableProcessors());
    out.println("| scenario                       |      tx/s | vs off |");
    out.println("|--------------------------------|-----------|--------|");
    double off = rows.get(0).medianPerSecond();
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %-30s | %9.0f | %5.0f%% |%n",
          r.scenario(),
          r.medianPerSecond(),
          100 * r.medianPerSecond() / off);
    }
  }
}
