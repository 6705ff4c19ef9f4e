package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.connector.http.DispatchBody;
import dev.ergon.connector.http.HttpConnector;
import dev.ergon.connector.http.HttpSettings;
import dev.ergon.connector.http.Pagination;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@link OrderQueue#http}: the HTTP connector reading the collection {@code <name>} of an {@link
 * OrdersApi} ({@code offset} pagination, 100 a page, the items as envelopes {@code {"id",
 * "payload", "metadata"}}, which dispatch writes by POST), with its checkpoint at {@code
 * <checkpoints>/<name>.checkpoint.json} and its dead letters beside it ({@link #deadLetterFile}).
 * Without an API URL it starts an {@link OrdersApi} inside this process, which keeps nothing.
 */
final class HttpQueue implements OrderQueue {
  private final @Nullable String configured;
  private final Path checkpoints;
  private final String name;
  private @Nullable OrdersApi server;
  private @Nullable String api;

  HttpQueue(@Nullable String api, Path checkpoints, String name) {
    this.configured = api;
    this.checkpoints = checkpoints;
    this.name = name;
  }

  private synchronized String api() {
    if (api == null) {
      if (configured != null) {
        api =
            configured.endsWith("/")
                ? configured.substring(0, configured.length() - 1)
                : configured;
      } else {
        server = OrdersApi.serve();
        api = server.url();
      }
    }
    return api;
  }

  private String collection() {
    return api() + "/orders/" + name;
  }

  /**
   * The dead-letter file of the queue {@code name} with its checkpoint in {@code checkpoints}.
   *
   * @param checkpoints the checkpoints' directory
   * @param name the queue
   * @return the JSON Lines file
   */
  static Path deadLetterFile(Path checkpoints, String name) {
    return checkpoints.resolve(name + ".dead.jsonl");
  }

  private HttpSettings settings() {
    String url = collection();
    return HttpSettings.builder()
        .url(url)
        .pagination(Pagination.OFFSET)
        .pageSize(100)
        .itemsPointer("/items")
        .idPointer("/id")
        .payloadPointer("/payload")
        .metadataPointer("/metadata")
        .totalPointer("/total")
        .checkpointFile(checkpoints.resolve(name + ".checkpoint.json"))
        .deadLetterFile(deadLetterFile(checkpoints, name))
        .pollInterval(Duration.ofMillis(200))
        .connectTimeout(Duration.ofSeconds(2))
        .requestTimeout(Duration.ofSeconds(10))
        .dispatchUrl(url)
        .dispatchBody(DispatchBody.ENVELOPE)
        .dispatchConcurrency(16)
        .build();
  }

  @Override
  public Connector open() {
    return new HttpConnector(settings());
  }

  @Override
  public void prepare() throws Exception {
    Files.createDirectories(checkpoints);
    request("GET", collection() + "?offset=0&limit=0"); // reachable
  }

  @Override
  public long pending() throws Exception {
    try (HttpConnector c = new HttpConnector(settings())) {
      return c.countTransactions();
    }
  }

  @Override
  public void clear() throws Exception {
    delete();
    prepare();
  }

  @Override
  public void delete() throws Exception {
    request("DELETE", collection());
    if (Files.isDirectory(checkpoints)) {
      try (Stream<Path> files = Files.list(checkpoints)) {
        for (Path f :
            files.filter(p -> p.getFileName().toString().startsWith(name + ".")).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private static void request(String method, String url) throws IOException, InterruptedException {
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException(method + " " + url + ": HTTP " + r.statusCode() + ": " + r.body());
      }
    }
  }

  @Override
  public boolean durable() {
    return configured != null;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
      api = null;
    }
  }

  @Override
  public String describe() {
    return "http " + collection() + " (checkpoint in " + checkpoints + ")";
  }
}
