package dev.ergon.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private HttpResponse<String> get(HealthEndpoint e, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.port() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void liveAndReadyAnswer200WithJsonWhenHealthyAnd503WithTheReasonOtherwise() throws Exception {
    AtomicReference<Verdict> live = new AtomicReference<>(Verdict.healthy("idle", Map.of()));
    AtomicReference<Verdict> ready =
        new AtomicReference<>(Verdict.unhealthy("starting", "no loop is running yet", Map.of()));
    try (HealthEndpoint e = HealthEndpoint.start(0, live::get, ready::get)) {
      HttpResponse<String> ok = get(e, "/health/live");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(ok.body()).contains("\"healthy\":true", "\"state\":\"idle\"");

      HttpResponse<String> notReady = get(e, "/health/ready");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("\"reason\":\"no loop is running yet\"");

      live.set(Verdict.unhealthy("processing_stalled", "stuck: tx-1 (running 90.0 s)", Map.of()));
      ready.set(Verdict.healthy("ready", Map.of()));
      assertThat(get(e, "/health/live").statusCode()).isEqualTo(503);
      assertThat(get(e, "/health/live").body()).contains("stuck: tx-1");
      assertThat(get(e, "/health/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void otherPathsAre404AndAFailingVerdictIs503() throws Exception {
    try (HealthEndpoint e =
        HealthEndpoint.start(
            0,
            () -> {
              throw new IllegalStateException("boom");
            },
            () -> Verdict.healthy("ready", Map.of()))) {
      assertThat(get(e, "/metrics").statusCode()).isEqualTo(404);
      assertThat(get(e, "/health/ready/extra").statusCode()).isEqualTo(404);
      HttpResponse<String> failing = get(e, "/health/live");
      assertThat(failing.statusCode()).isEqualTo(503);
      assertThat(failing.body()).contains("boom");
    }
  }

  @Test
  void metricsAreServedAsPrometheusTextWhenOn() throws Exception {
    try (HealthEndpoint e =
        HealthEndpoint.start(
            0,
            () -> Verdict.healthy("idle", Map.of()),
            () -> Verdict.healthy("ready", Map.of()),
            () -> "# TYPE ergon_transactions_total counter\nergon_transactions_total 3\n")) {
      HttpResponse<String> metrics = get(e, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
      assertThat(metrics.body()).contains("ergon_transactions_total 3");
    }
  }
}
