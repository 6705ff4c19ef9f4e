package dev.ergon.connector.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A reverse proxy in front of S3Mock that forwards one request at a time. S3Mock checks the
 * conditions of a conditional put ({@code If-None-Match: *}, {@code If-Match}) and then writes, not
 * atomically: in a probe, 4 threads putting one key with {@code If-None-Match: *} had more than one
 * winner in about two rounds of three. AWS S3 evaluates them atomically, and so does S3Mock when no
 * two requests overlap, which this proxy ensures: the leases are tested against an S3 whose
 * conditional writes are linearizable, as the real one's are.
 */
final class SerializingProxy implements AutoCloseable {
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(5))
          .build();
  private final URI target;

  SerializingProxy(URI target) throws IOException {
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.setExecutor(Executors.newSingleThreadExecutor()); // one request at a time
    server.createContext("/", this::forward);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder req =
          HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
              .timeout(java.time.Duration.ofSeconds(20))
              .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        if (!RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          h.getValue().forEach(v -> req.header(h.getKey(), v));
        }
      }
      HttpResponse<byte[]> res;
      try {
        res = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ex.sendResponseHeaders(503, -1);
        return;
      }
      for (Map.Entry<String, List<String>> h : res.headers().map().entrySet()) {
        String name = h.getKey().toLowerCase(Locale.ROOT);
        if (!RESTRICTED.contains(name) && !name.startsWith(":")) {
          ex.getResponseHeaders().put(h.getKey(), h.getValue());
        }
      }
      boolean noBody = ex.getRequestMethod().equals("HEAD") || res.body().length == 0;
      ex.sendResponseHeaders(res.statusCode(), noBody ? -1 : res.body().length);
      if (!noBody) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(res.body());
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
