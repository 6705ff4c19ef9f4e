package dev.ergon.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.Connector;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Runner} in this JVM: one worker, exit codes, hooks and the health endpoint. */
class RunnerTest {
  private final List<String> events = new CopyOnWriteArrayList<>();

  private Connector input(int n) {
    InMemoryConnector c = new InMemoryConnector();
    for (int i = 0; i < n; i++) {
      c.add(Transaction.of("tx-" + i, i));
    }
    return new Connector() {
      @Override
      public List<Transaction> fetchTransactions(int batchSize) throws Exception {
        return c.fetchTransactions(batchSize);
      }

      @Override
      public void dispatchTransactions(List<Transaction> transactions) {
        c.dispatchTransactions(transactions);
      }

      @Override
      public void acknowledge(Transaction transaction) throws Exception {
        c.acknowledge(transaction);
      }

      @Override
      public void reject(Transaction transaction, boolean requeue) throws Exception {
        c.reject(transaction, requeue);
      }

      @Override
      public void close() {
        events.add("close input");
      }
    };
  }

  /** Processes every transaction after the gate opens. */
  static final class GatedTask extends ConsumerTask<String> {
    private final CountDownLatch gate;

    GatedTask(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public String processTransaction(Transaction tx) throws InterruptedException {
      gate.await(60, TimeUnit.SECONDS);
      return tx.id();
    }
  }

  private TaskConfig config(CountDownLatch gate) {
    return TaskConfig.builder("runner-test")
        .task(() -> new GatedTask(gate))
        .connector("input", () -> input(3))
        .service("cache", () -> (AutoCloseable) () -> events.add("close cache"))
        .policy(ConsumerPolicy.defaults("consumer"))
        .build();
  }

  @Test
  void aSingleWorkerRunReturns0AndClosesResourcesThenShutdownHooksInReverseOrder() {
    RunOptions options =
        RunOptions.builder()
            .shutdownHook(() -> events.add("hook 1"))
            .shutdownHook(() -> events.add("hook 2"))
            .build();

    int code = Runner.run(config(new CountDownLatch(0)), options);

    assertThat(code).isZero();
    assertThat(events).containsExactly("close cache", "close input", "hook 2", "hook 1");
  }

  @Test
  void eachWorkerInstallsItsTelemetryWithItsIdentityAndClosesItOnExit() {
    // collects what is exported and keeps it after the SDK's shutdown (an in-memory exporter
    // would clear itself on shutdown)
    List<io.opentelemetry.sdk.trace.data.SpanData> exported = new CopyOnWriteArrayList<>();
    io.opentelemetry.sdk.trace.export.SpanExporter spans =
        new io.opentelemetry.sdk.trace.export.SpanExporter() {
          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode export(
              java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> batch) {
            exported.addAll(batch);
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
          }

          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode flush() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
          }

          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            exported.add(null); // marks the shutdown: close ran
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
          }
        };
    dev.ergon.telemetry.TelemetryConfig telemetry =
        dev.ergon.telemetry.TelemetryConfig.builder()
            .tracing(
                dev.ergon.telemetry.TracingConfig.builder()
                    .processor(
                        dev.ergon.telemetry.SpanProcessorConfig.custom(
                            io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(spans)))
                    .build())
            .build();

    int code =
        Runner.run(
            config(new CountDownLatch(0)),
            RunOptions.builder().telemetry(telemetry).worker(0, 1).build());

    assertThat(code).isZero();
    assertThat(exported)
        .as("the telemetry was shut down at exit")
        .endsWith((io.opentelemetry.sdk.trace.data.SpanData) null);
    List<io.opentelemetry.sdk.trace.data.SpanData> spansSeen =
        exported.stream().filter(java.util.Objects::nonNull).toList();
    assertThat(spansSeen)
        .filteredOn(s -> s.getName().equals("ergon.transaction"))
        .hasSize(3)
        .allSatisfy(
            s ->
                assertThat(
                        s.getResource()
                            .getAttribute(
                                io.opentelemetry.api.common.AttributeKey.stringKey(
                                    "ergon.task.name")))
                    .isEqualTo("runner-test"));
    io.opentelemetry.sdk.trace.data.SpanData task =
        spansSeen.stream().filter(s -> s.getName().equals("ergon.task")).findFirst().orElseThrow();
    // the resource's execution id is the worker's own
    assertThat(
            task.getAttributes()
                .get(io.opentelemetry.api.common.AttributeKey.stringKey("ergon.execution.id")))
        .isEqualTo(
            task.getResource()
                .getAttribute(
                    io.opentelemetry.api.common.AttributeKey.stringKey("ergon.execution.id")));
  }

  @Test
  void aConfigurationErrorAtStartUpReturns2AndStillRunsTheHooks() {
    TaskConfig broken =
        TaskConfig.builder("broken")
            .task(() -> new GatedTask(new CountDownLatch(0)))
            .connector("input", () -> null)
            .build();

    int code =
        Runner.run(broken, RunOptions.builder().shutdownHook(() -> events.add("hook")).build());

    assertThat(code).isEqualTo(2);
    assertThat(events).containsExactly("hook");
  }

  @Test
  void theHealthEndpointIsLiveAndReadyWhileTheLoopRuns() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CountDownLatch gate = new CountDownLatch(1);
    RunOptions options = RunOptions.builder().healthPort(port).build();
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(() -> Runner.run(config(gate), options));
    HttpClient client = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
    URI live = URI.create("http://127.0.0.1:" + port + "/health/live");

    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> status(client, ready) == 200);
    HttpResponse<String> liveResponse =
        client.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(liveResponse.statusCode()).isEqualTo(200);
    assertThat(liveResponse.body()).contains("\"healthy\":true");

    gate.countDown();
    assertThat(run.get(60, TimeUnit.SECONDS)).isZero();
  }

  private static int status(HttpClient client, URI uri) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
