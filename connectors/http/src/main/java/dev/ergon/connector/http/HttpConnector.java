package dev.ergon.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.ConfigurationException;
import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.UnsupportedCapabilityException;
import dev.ergon.connector.http.internal.Checkpoint;
import dev.ergon.connector.http.internal.CheckpointStore;
import dev.ergon.connector.http.internal.DeadLetters;
import dev.ergon.connector.http.internal.Dispatcher;
import dev.ergon.connector.http.internal.Items;
import dev.ergon.connector.http.internal.Pager;
import dev.ergon.connector.http.internal.Requests;
import dev.ergon.connector.http.internal.Urls;
import dev.ergon.connector.http.internal.Window;
import dev.ergon.time.StopSignal;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(HttpConnector.class);
  private static final String INVALID = "\u0000invalid ";

  private final HttpSettings settings;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient client;
  private final StopSignal stop = new StopSignal();
  private final TimeSource time = TimeSource.system();
  private final Requests requests;
  private final Pager pager;
  private final Items items;
  private final DeadLetters deadLetters;
  private final CheckpointStore store;
  private final Dispatcher dispatcher;

  private final Object lock = new Object();
  private @Nullable Window window;
  private final ArrayDeque<Transaction> redeliver = new ArrayDeque<>();
  private final ArrayDeque<Transaction> ready = new ArrayDeque<>();
  private final Map<String, String> pageOf = new HashMap<>();
  private @Nullable Checkpoint saved;
  private boolean standbyLogged;
  private volatile boolean closed;

  // reader state: touched by the fetching thread only
  private String nextRead = "";
  private volatile boolean atEnd;
  private long lastEndRead;

  /**
   * Creates the connector. The checkpoint is read, and the lock taken, on the first fetch.
   *
   * @param settings the settings
   * @throws HttpConnectorException when the checkpoint directory cannot be created
   */
  public HttpConnector(HttpSettings settings) {
    this.settings = settings;
    this.client = Requests.client(settings);
    this.requests = new Requests(client, settings, stop, time);
    this.pager = new Pager(settings);
    this.items = new Items(settings, json);
    this.deadLetters = new DeadLetters(settings.effectiveDeadLetterFile(), json);
    this.dispatcher = new Dispatcher(settings, requests, json);
    try {
      this.store = new CheckpointStore(settings.checkpointFile());
    } catch (IOException e) {
      client.close();
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
    if (closed) {
      throw new IllegalStateException("HTTP connector on " + settings.url() + " is closed");
    }
    if (!active()) {
      return List.of();
    }
    List<Transaction> out = take(batchSize);
    if (!out.isEmpty()) {
      return out;
    }
    if (atEnd && time.nanoTime() - lastEndRead < settings.pollInterval().toNanos()) {
      return List.of();
    }
    readPage(nextRead);
    return take(batchSize);
  }

  private List<Transaction> take(int n) {
    synchronized (lock) {
      List<Transaction> out = new ArrayList<>(Math.min(n, redeliver.size() + ready.size()));
      while (out.size() < n && !redeliver.isEmpty()) {
        out.add(redeliver.pollFirst());
      }
      while (out.size() < n && !ready.isEmpty()) {
        out.add(ready.pollFirst());
      }
      return out;
    }
  }

  /** Takes the lock and loads the checkpoint when this connector is not yet the active reader. */
  private boolean active() throws IOException {
    synchronized (lock) {
      if (window != null) {
        return true;
      }
      if (!store.tryLock()) {
        if (!standbyLogged) {
          LOG.info(
              "HTTP source {}: checkpoint {} is held by another connector; standing by",
              settings.url(),
              store.file());
          standbyLogged = true;
        }
        return false;
      }
      Checkpoint cp = store.load().orElse(Checkpoint.start(settings.url(), pager.first()));
      if (!cp.source().equals(settings.url())) {
        throw new ConfigurationException(
            "checkpoint_file",
            "'" + store.file() + "'",
            "a checkpoint of url "
                + settings.url()
                + " (it was written for "
                + cp.source()
                + "; delete it to start over)");
      }
      window = new Window(cp);
      saved = cp;
      nextRead = cp.url();
      LOG.info(
          "HTTP source {}: reading from {} ({} item(s) settled before it)",
          settings.url(),
          cp.url(),
          cp.passed());
      return true;
    }
  }

  private void readPage(String url) throws IOException {
    HttpResponse<byte[]> r = requests.send(requests.request(URI.create(url)).GET().build(), false);
    JsonNode body;
    try {
      body = json.readTree(r.body());
    } catch (JsonProcessingException e) {
      throw new HttpConnectorException(
          "page " + url + " (HTTP " + r.statusCode() + ") is not JSON: " + e.getOriginalMessage(),
          null);
    }
    JsonNode page = body == null ? json.missingNode() : body;
    JsonNode array = items.array(page, url);
    String next = pager.next(url, page, array.size(), r.headers());
    List<String> keys = new ArrayList<>();
    List<Items.Decoded> decoded = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Items.Decoded d = items.decode(array.get(i), "item " + i + " of page " + url);
      decoded.add(d);
      keys.add(d instanceof Items.Valid v ? v.transaction().id() : INVALID + i + " " + url);
    }
    synchronized (lock) {
      if (closed) {
        return; // the lock is released: another connector may own the checkpoint now
      }
      Window w = window();
      List<String> fresh = w.accept(url, keys, next);
      int skipped = keys.size() - fresh.size();
      for (String key : fresh) {
        int i = keys.indexOf(key);
        switch (decoded.get(i)) {
          case Items.Valid v -> {
            ready.addLast(v.transaction());
            pageOf.put(key, url);
          }
          case Items.Invalid bad -> deadLetterInvalid(w, key, array.get(i), url, i, bad);
        }
      }
      persist();
      LOG.debug(
          "page {}: {} new item(s), {} seen before, next {}", url, fresh.size(), skipped, next);
    }
    atEnd = next == null;
    nextRead = atEnd ? url : next;
    if (atEnd) {
      lastEndRead = time.nanoTime();
    }
  }

  private void deadLetterInvalid(
      Window w, String key, JsonNode item, String url, int index, Items.Invalid bad)
      throws IOException {
    LOG.error("HTTP source {}: {}; written to the dead-letter file", settings.url(), bad.error());
    try {
      deadLetters.writeInvalid(item, url, index, bad.error());
    } catch (IOException e) {
      throw new HttpConnectorException(
          bad.error()
              + ", and it cannot be written to the dead-letter file "
              + settings.effectiveDeadLetterFile()
              + " (the checkpoint stays before it)",
          e);
    }
    w.settle(key);
  }

  private Window window() {
    Window w = window;
    if (w == null) {
      throw new IllegalStateException("no checkpoint loaded");
    }
    return w;
  }

  /** Writes the checkpoint when it changed. Called holding {@code lock}. */
  private void persist() {
    Checkpoint cp = window().checkpoint();
    if (closed || cp.equals(saved)) {
      return;
    }
    try {
      store.save(cp);
      saved = cp;
    } catch (IOException e) {
      throw new HttpConnectorException(
          "cannot write checkpoint_file " + store.file() + ": " + e.getMessage(), e);
    }
  }

  private void settle(Transaction tx) {
    synchronized (lock) {
      if (closed) {
        throw new ConnectionLostException(
            "HTTP connector on "
                + settings.url()
                + " is closed; transaction "
                + tx.id()
                + " stays unsettled and is read again from the checkpoint",
            null);
      }
      if (window != null && window.settle(tx.id())) {
        pageOf.remove(tx.id());
        persist();
      } else {
        LOG.debug("transaction {} is not an unsettled item of this connector", tx.id());
      }
    }
  }

  @Override
  public void acknowledge(Transaction transaction) {
    settle(transaction);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) throws IOException {
    reject(transaction, requeue, null);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue, @Nullable Rejection rejection)
      throws IOException {
    if (requeue) {
      synchronized (lock) {
        if (window != null && window.isUnsettled(transaction.id())) {
          redeliver.addLast(transaction);
        }
      }
      return;
    }
    String page;
    synchronized (lock) {
      page = pageOf.get(transaction.id());
    }
    try {
      deadLetters.write(transaction, page, rejection);
    } catch (IOException e) {
      throw new HttpConnectorException(
          "cannot dead-letter transaction "
              + transaction.id()
              + " to "
              + settings.effectiveDeadLetterFile()
              + " (it stays unsettled): "
              + e.getMessage(),
          e);
    }
    settle(transaction);
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
    HttpResponse<byte[]> r =
        requests.send(requests.request(URI.create(pager.first())).GET().build(), false);
    JsonNode total = json.readTree(r.body()).at(pointer);
    if (!total.isIntegralNumber()) {
      throw new HttpConnectorException(
          "page " + pager.first() + " has no integer at total_pointer '" + pointer + "'", null);
    }
    long settled;
    synchronized (lock) {
      if (window != null) {
        settled = window.settled();
      } else {
        settled = store.load().map(c -> c.passed() + c.done().size()).orElse(0L);
      }
    }
    return Math.max(0, total.asLong() - settled);
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
    if (r.statusCode() >= 400) {
      throw new HttpConnectorException(
          "GET " + url + ": HTTP " + r.statusCode() + ": " + requests.excerpt(r.body()), null);
    }
    return switch (items.decode(json.readTree(r.body()), "item " + url)) {
      case Items.Valid v -> Optional.of(v.transaction());
      case Items.Invalid bad -> throw new HttpConnectorException(bad.error(), null);
    };
  }

  @Override
  public Map<String, Object> health() {
    synchronized (lock) {
      if (window == null) {
        return Map.of(
            "role", closed ? "closed" : "standby", "checkpoint_file", store.file().toString());
      }
      return Map.of(
          "role",
          closed ? "closed" : "active",
          "checkpoint_file",
          store.file().toString(),
          "unsettled",
          window.unsettled(),
          "pages_in_window",
          window.pages(),
          "settled",
          window.settled(),
          "at_last_page",
          atEnd);
    }
  }

  /** Stops waits, releases the checkpoint lock and closes the client. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    stop.stop();
    synchronized (lock) {
      store.close();
    }
    dispatcher.close();
    client.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpConnector[" + settings.url() + ", checkpoint " + store.file() + "]";
  }
}
