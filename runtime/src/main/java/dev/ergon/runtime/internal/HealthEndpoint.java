package dev.ergon.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint for orchestrators, on the JDK's {@link HttpServer}: {@code GET
 * /health/live} and {@code GET /health/ready} answer 200 with the verdict as JSON when it is
 * healthy and 503 with it otherwise; {@code GET /metrics} serves Prometheus text when metrics are
 * on; any other path is 404.
 */
public final class HealthEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;

  private HealthEndpoint(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts the endpoint on all interfaces.
   *
   * @param port the port, 0 for an ephemeral one
   * @param live the liveness verdict
   * @param ready the readiness verdict
   * @return the running endpoint
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static HealthEndpoint start(int port, Supplier<Verdict> live, Supplier<Verdict> ready) {
    return start(port, live, ready, null);
  }

  /**
   * Starts the endpoint on all interfaces, also serving {@code GET /metrics} (Prometheus text) when
   * {@code metrics} is given.
   *
   * @param port the port, 0 for an ephemeral one
   * @param live the liveness verdict
   * @param ready the readiness verdict
   * @param metrics renders the metrics in the Prometheus text format, or null for no /metrics
   * @return the running endpoint
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static HealthEndpoint start(
      int port,
      Supplier<Verdict> live,
      Supplier<Verdict> ready,
      @org.jspecify.annotations.Nullable Supplier<String> metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the health endpoint on port " + port, e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon(true).name("ergon-health").factory());
    server.setExecutor(executor);
    server.createContext("/health/live", ex -> respond(ex, live));
    server.createContext("/health/ready", ex -> respond(ex, ready));
    if (metrics != null) {
      server.createContext("/metrics", ex -> sendMetrics(ex, metrics));
    }
    server.createContext("/", ex -> send(ex, 404, Map.of("error", "not found")));
    server.start();
    HealthEndpoint endpoint = new HealthEndpoint(server, executor);
    LOG.info(
        "health endpoint on port {}: /health/live, /health/ready{}",
        endpoint.port(),
        metrics == null ? "" : ", /metrics");
    return endpoint;
  }

  /**
   * The bound port.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, Supplier<Verdict> verdict) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (!path.equals(ex.getHttpContext().getPath())) {
      send(ex, 404, Map.of("error", "not found"));
      return;
    }
    Verdict v;
    try {
      v = verdict.get();
    } catch (RuntimeException e) {
      v = Verdict.unhealthy("check_failed", "health check raised " + e, Map.of());
    }
    send(ex, v.healthy() ? 200 : 503, v.toMap());
  }

  private static void send(HttpExchange ex, int status, Map<String, Object> body)
      throws IOException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      bytes = ("{\"error\":\"" + e.getOriginalMessage() + "\"}").getBytes(StandardCharsets.UTF_8);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  private static void sendMetrics(HttpExchange ex, Supplier<String> metrics) throws IOException {
    if (!ex.getRequestURI().getPath().equals("/metrics")) {
      send(ex, 404, Map.of("error", "not found"));
      return;
    }
    byte[] bytes;
    int status = 200;
    try {
      bytes = metrics.get().getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      status = 500;
      bytes = ("# metrics failed: " + e + "\n").getBytes(StandardCharsets.UTF_8);
    }
    ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  /** Stops serving. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
