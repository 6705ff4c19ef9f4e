package dev.ergon.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.http.internal.Requests;
import dev.ergon.service.Service;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The API of {@link HttpSettings} for tasks that call it themselves: the configured {@link
 * HttpClient}, the base URL ({@code url}), and requests carrying the static headers, the bearer
 * token and the request timeout, sent with the connector's retry and throttling rules. The
 * pagination, pointer, checkpoint and dispatch settings are not used. The runner closes it when the
 * worker stops.
 *
 * <pre>{@code
 * HttpService api = new HttpService(settings);
 * JsonNode order = api.getJson("orders/42");                  // resolved against url
 * HttpResponse<byte[]> r = api.send(api.request("orders/42/notes")
 *     .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")).build());
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class HttpService implements Service {
  private final HttpClient client;
  private final StopSignal stop = new StopSignal();
  private final Requests requests;
  private final ObjectMapper json = new ObjectMapper();
  private final URI base;

  /**
   * Creates the client.
   *
   * @param settings the base URL, headers, bearer token, timeouts, retries and throttling bounds
   */
  public HttpService(HttpSettings settings) {
    this.client = Requests.client(settings);
    this.requests = new Requests(client, settings, stop, TimeSource.system());
    this.base = URI.create(settings.url());
  }

  /**
   * The client (connect timeout and redirects configured; headers are added per request, see {@link
   * #request(String)}).
   *
   * @return the client
   */
  public HttpClient client() {
    return client;
  }

  /**
   * The base URL: the settings' {@code url}.
   *
   * @return it
   */
  public URI baseUrl() {
    return base;
  }

  /**
   * A request builder for {@code path}, resolved against the base URL (an absolute URL is taken as
   * is), with the static headers, {@code Authorization: Bearer …}, {@code Accept: application/json}
   * and the request timeout.
   *
   * @param path a relative reference such as {@code orders/42}, or an absolute URL
   * @return the builder (GET unless a method is set)
   */
  public HttpRequest.Builder request(String path) {
    return requests.request(base.resolve(path));
  }

  /**
   * Sends a request, waiting out throttling and retrying 5xx, 408 and IO errors as configured.
   *
   * @param request the request, e.g. from {@link #request(String)}
   * @return the response; 3xx and 4xx responses (other than 408 and 429) are returned, not thrown
   *     (redirects are not followed)
   * @throws HttpConnectorException when no attempt succeeded
   */
  public HttpResponse<byte[]> send(HttpRequest request) {
    return requests.send(request, true);
  }

  /**
   * GETs {@code path} and reads the body as JSON.
   *
   * @param path a relative reference or an absolute URL
   * @return the JSON
   * @throws HttpConnectorException on a 3xx or 4xx, when no attempt succeeded, or when the body is
   *     not JSON
   */
  public JsonNode getJson(String path) {
    HttpRequest request = request(path).GET().build();
    HttpResponse<byte[]> r = requests.send(request, false);
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new HttpConnectorException("GET " + request.uri() + ": the body is not JSON", e);
    }
  }

  @Override
  public String toString() {
    return "HttpService[" + base + "]";
  }

  /** Stops throttling waits and shuts the client down. Idempotent. */
  @Override
  public void close() {
    stop.stop();
    client.shutdownNow();
  }
}
