package dev.ergon.telemetry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal OTLP/HTTP collector for tests: accepts POST /v1/traces, /v1/metrics and /v1/logs on a
 * free loopback port, answers 200 with an empty protobuf message and records every request body.
 * With {@link #hang()}, requests are held until the receiver closes (a collector that never
 * answers).
 */
final class OtlpReceiver implements AutoCloseable {
  /** One request. */
  record Request(String path, byte[] body) {
    boolean contains(String text) {
      return new String(body, StandardCharsets.ISO_8859_1)
          .contains(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean hanging;

  private OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod()) || !path.startsWith("/v1/")) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            requests.add(new Request(path, body));
            if (hanging) {
              released.await();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
  }

  static OtlpReceiver start() throws IOException {
    return new OtlpReceiver();
  }

  /** From now on, hold every request until {@link #close()}. */
  OtlpReceiver hang() {
    hanging = true;
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  boolean received(String path, String text) {
    return requests(path).stream().anyMatch(r -> r.contains(text));
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
