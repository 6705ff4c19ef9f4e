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
 * healthy and 503 with it otherwise; any other path is 404.
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
    server.createContext("/", ex -> send(ex, 404, Map.of("error", "not found")));
    server.start();
    HealthEndpoint endpoint = new HealthEndpoint(server, executor);
    LOG.info("health endpoint on port {}: /health/live, /health/ready", endpoint.port());
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

  /** Stops serving. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
