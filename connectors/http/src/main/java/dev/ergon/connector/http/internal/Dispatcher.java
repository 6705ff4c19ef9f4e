package dev.ergon.connector.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ergon.connector.Utf8Check;
import dev.ergon.connector.http.DispatchBody;
import dev.ergon.connector.http.HttpConnectorException;
import dev.ergon.connector.http.HttpDispatchException;
import dev.ergon.connector.http.HttpSettings;
import dev.ergon.transaction.Transaction;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Sends each transaction's payload (or envelope) by POST or PUT, at most {@code
 * dispatch_concurrency} at once on virtual threads, and reports every failure together.
 * Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {
  private final HttpSettings settings;
  private final Requests requests;
  private final ObjectMapper json;
  private final Semaphore permits;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * A dispatcher.
   *
   * @param settings the dispatch URL, method, body and concurrency
   * @param requests how requests are sent
   * @param json the mapper payloads are written with
   */
  public Dispatcher(HttpSettings settings, Requests requests, ObjectMapper json) {
    this.settings = settings;
    this.requests = requests;
    this.json = json;
    this.permits = new Semaphore(settings.dispatchConcurrency());
  }

  /**
   * Sends every transaction; waits for all of them.
   *
   * @param transactions the transactions
   * @throws HttpDispatchException naming each transaction that was not accepted, with its status or
   *     error
   * @throws InterruptedException when interrupted while waiting
   */
  public void dispatch(List<Transaction> transactions) throws InterruptedException {
    String target = settings.dispatchUrl();
    if (target == null) {
      throw new HttpConnectorException(
          "HTTP connector on " + settings.url() + " cannot dispatch: dispatch_url is not set",
          null);
    }
    List<Future<@Nullable String>> results = new ArrayList<>(transactions.size());
    Context caller = Context.current(); // the trace context travels to the sending threads
    for (Transaction tx : transactions) {
      results.add(threads.submit(caller.wrap(() -> sendOne(target, tx))));
    }
    Map<String, String> failures = new LinkedHashMap<>();
    for (int i = 0; i < transactions.size(); i++) {
      String failure;
      try {
        failure = results.get(i).get();
      } catch (java.util.concurrent.ExecutionException e) {
        failure = String.valueOf(e.getCause());
      }
      if (failure != null) {
        failures.put(transactions.get(i).id(), failure);
      }
    }
    if (!failures.isEmpty()) {
      throw new HttpDispatchException(
          settings.dispatchMethod() + " " + target, transactions.size(), failures);
    }
  }

  /** Sends one transaction; returns null when accepted, or what went wrong. */
  private @Nullable String sendOne(String target, Transaction tx) throws InterruptedException {
    String unsendable = Utf8Check.find(tx); // JSON in UTF-8 cannot carry a lone surrogate
    if (unsendable != null) {
      return unsendable + ", which UTF-8 cannot carry (not sent)";
    }
    permits.acquire();
    try {
      byte[] body = body(tx);
      HttpRequest.Builder b =
          requests
              .request(URI.create(Urls.fill(target, tx.id())))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", tx.id())
              .method(
                  settings.dispatchMethod().name(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (String h : List.of("traceparent", "tracestate")) {
        String v = tx.metadata().get(h);
        if (v != null && !v.isBlank() && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
          b.setHeader(h, v);
        }
      }
      HttpResponse<byte[]> r = requests.send(b.build(), true);
      if (r.statusCode() >= 200 && r.statusCode() < 300) {
        return null;
      }
      return "HTTP "
          + r.statusCode()
          + (r.body().length == 0 ? "" : ": " + requests.excerpt(r.body()));
    } catch (HttpConnectorException e) {
      return e.getMessage();
    } catch (IOException | RuntimeException e) {
      return e.toString();
    } finally {
      permits.release();
    }
  }

  private byte[] body(Transaction tx) throws IOException {
    Object payload = tx.payload();
    if (settings.dispatchBody() == DispatchBody.PAYLOAD) {
      return payload instanceof byte[] bytes ? bytes : json.writeValueAsBytes(payload);
    }
    ObjectNode env = json.createObjectNode();
    env.put("id", tx.id());
    env.set(
        "payload",
        payload instanceof byte[] bytes ? json.readTree(bytes) : json.valueToTree(payload));
    env.set("metadata", json.valueToTree(tx.metadata()));
    return json.writeValueAsBytes(env);
  }

  /** Stops the dispatch threads. */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
