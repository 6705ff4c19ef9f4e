package dev.ergon.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.connector.http.internal.Dispatcher;
import dev.ergon.connector.http.internal.Feed;
import dev.ergon.connector.http.internal.Items;
import dev.ergon.connector.http.internal.Requests;
import dev.ergon.connector.http.internal.Urls;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A paginated JSON API as a polling source, with a checkpoint, and dispatch of payloads by POST or
 * PUT. Built on the JDK's {@link HttpClient} and Jackson.
 *
 * <pre>{@code
 * HttpConnector orders = new HttpConnector(HttpSettings.builder()
 *     .url("https://api.example.com/v1/orders")
 *     .pagination(Pagination.LINK)              // Link: <…>; rel="next"
 *     .itemsPointer("/data").idPointer("/id")
 *     .checkpointFile(Path.of("/var/lib/ergon/orders.checkpoint.json"))
 *     .bearerToken(token)
 *     .build());
 * }</pre>
 *
 * <p><b>Reading.</b> A fetch hands out items already read (requeued ones first); when none are left
 * it reads the next page (one request per fetch, never waiting for a batch to fill). After the last
 * page (no next page) the same page is read again, at most every {@code poll_interval}, and only
 * items not seen before are handed out. Each item becomes a transaction with the id at {@code
 * id_pointer}, the payload at {@code payload_pointer} and the metadata at {@code metadata_pointer}.
 * An item without a non-blank id (or without a payload) is not handed out: it is written to the
 * dead-letter file with an error naming the page and the item index, logged at ERROR, and counts as
 * settled; the feed goes on.
 *
 * <p><b>Checkpoint.</b> The connector tracks, per page, which items are unsettled. The checkpoint
 * file holds the first page that still has an unsettled item (or the page to read next) and the
 * items already settled from that page on; it is rewritten atomically on every settlement. A
 * restart resumes at that page and skips the items settled there, so nothing acknowledged is handed
 * out again and nothing unsettled is lost. Acknowledging or dead-lettering settles an item; {@code
 * reject(tx, true)} hands it out again on the next fetch. One connector at a time reads from a
 * checkpoint: it holds {@code <checkpoint_file>.lock}; another one (in this or another process)
 * stands by, its fetches returning nothing until the lock is free.
 *
 * <p><b>Dead letters</b> are appended to a JSON Lines file (see {@link
 * HttpSettings#effectiveDeadLetterFile()}) with the id, payload, metadata, page and, when the
 * engine passes one, the {@link Rejection} reason (category, message, attempts, handler error).
 *
 * <p><b>Dispatch</b> sends each payload as JSON (or an envelope with id and metadata) by POST or
 * PUT to {@code dispatch_url}, at most {@code dispatch_concurrency} at once, with {@code
 * Idempotency-Key: <transaction id>} and the transaction's {@code traceparent}/{@code tracestate}
 * as headers. Every transaction is tried; the ones not accepted (status other than 2xx after
 * retries) are reported together in one {@link HttpDispatchException}.
 *
 * <p>{@code countTransactions} needs {@code total_pointer}; {@code resolveTransaction} needs {@code
 * item_url}; without them they throw {@link UnsupportedCapabilityException}. Fetch from one thread;
 * settlement and dispatch are thread-safe.
 */
public final class HttpConnector implements Connector {
  private final HttpSettings settings;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client;
  private final StopSignal stop = new StopSignal();
  private final Requests requests;
  private final Feed feed;
  private final Dispatcher dispatcher;
  private volatile boolean closed;

  /**
   * Creates the connector. The checkpoint is read, and the lock taken, on the first fetch.
   *
   * @param settings the settings
   * @throws HttpConnectorException when the checkpoint directory cannot be created
   */
  public HttpConnector(HttpSettings settings) {
    this.settings = settings;
    this.client = Requests.client(settings);
    TimeSource time = TimeSource.system();
    this.requests = new Requests(client, settings, stop, time);
    this.dispatcher = new Dispatcher(settings, requests, json);
    try {
      this.feed = new Feed(settings, requests, json, time);
    } catch (IOException e) {
      client.shutdownNow();
      dispatcher.close();
      throw new HttpConnectorException(
          "cannot create the directory of checkpoint_file " + settings.checkpointFile(), e);
    }
  }

  /**
   * The settings.
   *
   * @return them
   */
  public HttpSettings settings() {
    return settings;
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    return feed.fetch(batchSize);
  }

  @Override
  public void acknowledge(Transaction transaction) {
    feed.settle(transaction);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) {
    reject(transaction, requeue, null);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue, @Nullable Rejection rejection) {
    if (requeue) {
      feed.requeue(transaction);
    } else {
      feed.deadLetter(transaction, rejection);
    }
  }

  @Override
  public boolean supportsDeadLetter() {
    return true;
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws Exception {
    dispatcher.dispatch(transactions);
  }

  @Override
  public long countTransactions() throws Exception {
    String pointer = settings.totalPointer();
    if (pointer == null) {
      throw new UnsupportedCapabilityException(getClass(), "countTransactions (set total_pointer)");
    }
    String first = feed.firstPage();
    HttpResponse<byte[]> r =
        requests.send(requests.request(URI.create(first)).GET().build(), false);
    JsonNode total = json.readTree(r.body()).at(pointer);
    if (!total.isIntegralNumber()) {
      throw new HttpConnectorException(
          "page " + first + " has no integer at total_pointer '" + pointer + "'", null);
    }
    return Math.max(0, total.asLong() - feed.settled());
  }

  @Override
  public Optional<Transaction> resolveTransaction(String id) throws Exception {
    String template = settings.itemUrl();
    if (template == null) {
      throw new UnsupportedCapabilityException(getClass(), "resolveTransaction (set item_url)");
    }
    String url = Urls.fill(template, id);
    HttpResponse<byte[]> r = requests.send(requests.request(URI.create(url)).GET().build(), true);
    if (r.statusCode() == 404 || r.statusCode() == 410) {
      return Optional.empty();
    }
    if (r.statusCode() >= 300) {
      throw new HttpConnectorException(
          "GET " + url + ": HTTP " + r.statusCode() + ": " + requests.excerpt(r.body()), null);
    }
    return switch (feed.decode(json.readTree(r.body()), "item " + url)) {
      case Items.Valid v -> Optional.of(v.transaction());
      case Items.Invalid bad -> throw new HttpConnectorException(bad.error(), null);
    };
  }

  @Override
  public Map<String, Object> health() {
    return feed.health();
  }

  /** Stops waits, releases the checkpoint lock and closes the client. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    stop.stop();
    try {
      feed.close();
    } finally {
      dispatcher.close();
      client.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "HttpConnector[" + settings.url() + ", checkpoint " + feed.checkpointFile() + "]";
  }
}
