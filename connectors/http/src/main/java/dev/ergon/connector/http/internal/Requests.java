package dev.ergon.connector.http.internal;

import dev.ergon.connector.http.HttpConnectorException;
import dev.ergon.connector.http.HttpSettings;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.retry.NonRetryableException;
import dev.ergon.retry.RetriesExhaustedException;
import dev.ergon.retry.Retry;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends requests with the settings' headers, bearer token and timeout; waits out throttling (429,
 * or 503 with {@code Retry-After}, each wait cut to {@code max_retry_after}, at most {@code
 * throttle_retries} times); retries 5xx, 408 and IO errors (timeouts included) through {@link
 * Retry} with exponential backoff. Thread-safe.
 */
public final class Requests {
  private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

  private final HttpClient client;
  private final HttpSettings settings;
  private final Retry retry;
  private final StopSignal stop;
  private final TimeSource time;

  /**
   * Requests on {@code client}.
   *
   * @param client the client
   * @param settings headers, token, timeouts, retries and throttling bounds
   * @param stop ends throttling waits and backoff when the connector closes
   * @param time the time source of the waits
   */
  public Requests(HttpClient client, HttpSettings settings, StopSignal stop, TimeSource time) {
    this.client = client;
    this.settings = settings;
    this.stop = stop;
    this.time = time;
    this.retry =
        Retry.of(
                RetryPolicy.builder()
                    .maxAttempts(settings.retryMaxAttempts())
                    .backoff(settings.retryBackoff())
                    .backoffMultiplier(2.0)
                    .backoffCap(settings.retryBackoffCap())
                    .build())
            .withStopSignal(stop)
            .withTimeSource(time);
  }

  /**
   * A client built from the settings' connect timeout. It does not follow redirects, so that the
   * bearer token and headers are never sent to another host.
   *
   * @param settings the settings
   * @return a new client
   */
  public static HttpClient client(HttpSettings settings) {
    return HttpClient.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * A request to {@code uri} with the static headers, the bearer token, {@code Accept:
   * application/json}, the request timeout, and the current OpenTelemetry context as {@code
   * traceparent} (when a span is current).
   *
   * @param uri the target
   * @return the builder, to add a method and body
   */
  public HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Accept", "application/json");
    for (Map.Entry<String, String> h : settings.headers().entrySet()) {
      b.setHeader(h.getKey(), h.getValue());
    }
    if (settings.bearerToken() != null) {
      b.setHeader("Authorization", "Bearer " + settings.bearerToken());
    }
    W3CTraceContextPropagator.getInstance()
        .inject(Context.current(), b, (carrier, key, value) -> carrier.setHeader(key, value));
    return b;
  }

  /**
   * Sends a request under the retry and throttling rules.
   *
   * @param request the request
   * @param clientErrorsOk true to return 3xx and 4xx responses (other than 408 and 429) instead of
   *     failing
   * @return a 2xx response (or a 1xx), or a 3xx or 4xx when {@code clientErrorsOk}
   * @throws HttpConnectorException when no attempt succeeded (the message names the method, the
   *     URL, the attempts and the last status or error)
   */
  public HttpResponse<byte[]> send(HttpRequest request, boolean clientErrorsOk) {
    String what = request.method() + " " + request.uri();
    try {
      return retry.withName(what).call(() -> throttled(request, what, clientErrorsOk));
    } catch (RetriesExhaustedException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String why =
          cause instanceof HttpTimeoutException
              ? "timed out after " + settings.requestTimeout()
              : cause instanceof StatusException || cause instanceof NonRetryableException
                  ? cause.getMessage()
                  : String.valueOf(cause);
      throw new HttpConnectorException(
          what + " failed after " + e.attempts() + " attempt(s): " + why, cause);
    }
  }

  private HttpResponse<byte[]> throttled(HttpRequest request, String what, boolean clientErrorsOk)
      throws IOException, InterruptedException {
    for (int waits = 0; ; waits++) {
      HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = r.statusCode();
      if (status == 429 || status == 503) {
        var after = RetryAfter.parse(r.headers().firstValue("Retry-After"), time.now());
        if (after.isPresent()) {
          if (waits >= settings.throttleRetries()) {
            throw new NonRetryableException(
                "still throttled (HTTP " + status + ") after " + waits + " wait(s)");
          }
          Duration wait =
              after.get().compareTo(settings.maxRetryAfter()) > 0
                  ? settings.maxRetryAfter()
                  : after.get();
          LOG.info("{}: HTTP {}, waiting {} (Retry-After) before retrying", what, status, wait);
          if (!stop.sleep(time, wait)) {
            throw new NonRetryableException("closed while throttled (HTTP " + status + ")");
          }
          continue;
        }
      }
      if (status >= 500 || status == 408 || status == 429) {
        throw new StatusException(status, excerpt(r.body()));
      }
      if (status >= 300 && status < 400 && !clientErrorsOk) {
        throw new NonRetryableException(
            "HTTP "
                + status
                + " redirect to "
                + r.headers().firstValue("Location").orElse("(no Location)")
                + " (redirects are not followed, so that credentials stay with the configured"
                + " host: configure the final URL)");
      }
      if (status >= 400 && !clientErrorsOk) {
        throw new NonRetryableException(
            new StatusException(status, excerpt(r.body())).getMessage());
      }
      return r;
    }
  }

  /**
   * The start of a response body, for error messages, with the bearer token and the header values
   * replaced by {@code ***} (a server may echo them).
   *
   * @param body the body
   * @return up to 200 characters of it
   */
  public String excerpt(byte[] body) {
    String s = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
    if (settings.bearerToken() != null) {
      s = s.replace(settings.bearerToken(), "***");
    }
    for (String v : settings.headers().values()) {
      if (v.length() >= 4) {
        s = s.replace(v, "***");
      }
    }
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  /** An HTTP status that is retried (5xx, 408, 429 without Retry-After). */
  static final class StatusException extends IOException {
    private static final long serialVersionUID = 1L;

    StatusException(int status, String body) {
      super("HTTP " + status + (body.isEmpty() ? "" : ": " + body));
    }
  }
}
