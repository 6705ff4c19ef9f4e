package dev.ergon.connector.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.ConfigurationException;
import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.http.HttpConnectorException;
import dev.ergon.connector.http.HttpSettings;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reading side of the HTTP connector: the checkpoint lock and file, the window of pages, the
 * items read and not yet handed out, the requeued ones, and dead-lettering. Fetch from one thread;
 * settlement is thread-safe.
 */
public final class Feed implements AutoCloseable {
  private static final Logger LOG =
      LoggerFactory.getLogger("dev.ergon.connector.http.HttpConnector");
  private static final String INVALID = "\u0000invalid ";

  private final HttpSettings settings;
  private final ObjectMapper json;
  private final TimeSource time;
  private final Requests requests;
  private final Pager pager;
  private final Items items;
  private final DeadLetters deadLetters;
  private final CheckpointStore store;

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
   * A feed; the checkpoint is read, and the lock taken, on the first fetch.
   *
   * @param settings the settings
   * @param requests how pages are requested
   * @param json the mapper
   * @param time the clock of the poll interval
   * @throws IOException when the checkpoint directory cannot be created
   */
  public Feed(HttpSettings settings, Requests requests, ObjectMapper json, TimeSource time)
      throws IOException {
    this.settings = settings;
    this.requests = requests;
    this.json = json;
    this.time = time;
    this.pager = new Pager(settings);
    this.items = new Items(settings, json);
    this.deadLetters = new DeadLetters(settings.effectiveDeadLetterFile(), json);
    this.store = new CheckpointStore(settings.checkpointFile());
  }

  /**
   * Hands out up to {@code batchSize} items: requeued ones first, then those read; reads one page
   * when none are left (the last page at most every poll interval).
   *
   * @param batchSize the most to return
   * @return the transactions; empty when standing by or nothing is new
   * @throws IOException when a page, the checkpoint or the dead-letter file fails
   */
  public List<Transaction> fetch(int batchSize) throws IOException {
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

  /**
   * Settles an item: acknowledged, or dead-lettered.
   *
   * @param tx the transaction
   * @throws ConnectionLostException when the feed is closed (the item is read again by the next
   *     reader)
   */
  public void settle(Transaction tx) {
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

  /**
   * Hands an item out again on the next fetch.
   *
   * @param tx the transaction
   */
  public void requeue(Transaction tx) {
    synchronized (lock) {
      if (window != null && window.isUnsettled(tx.id())) {
        redeliver.addLast(tx);
      } else {
        LOG.debug("transaction {} is not an unsettled item of this connector", tx.id());
      }
    }
  }

  /**
   * Writes a dead letter, then settles the item.
   *
   * @param transaction the transaction
   * @param rejection the engine's reason, or null
   * @throws HttpConnectorException when the dead letter cannot be written (the item stays
   *     unsettled)
   * @throws ConnectionLostException when the feed is closed
   */
  public void deadLetter(Transaction transaction, @Nullable Rejection rejection) {
    String page;
    synchronized (lock) {
      if (closed) {
        settle(transaction); // throws ConnectionLostException, before anything is written
      }
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

  /**
   * How many items were settled from the start of the source (through this checkpoint).
   *
   * @return the count, read from the file when standing by
   * @throws IOException when the checkpoint cannot be read
   */
  public long settled() throws IOException {
    synchronized (lock) {
      if (window != null) {
        return window.settled();
      }
      return store.load().map(c -> c.passed() + c.done().size()).orElse(0L);
    }
  }

  /**
   * The first page's URL.
   *
   * @return it
   */
  public String firstPage() {
    return pager.first();
  }

  /**
   * Decodes an item read on its own (resolve by id).
   *
   * @param item the item's JSON
   * @param where the URL, for errors
   * @return the transaction or what is wrong
   */
  public Items.Decoded decode(JsonNode item, String where) {
    return items.decode(item, where);
  }

  /**
   * The health details.
   *
   * @return role, checkpoint file and, when active, the window's counts
   */
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

  /**
   * The checkpoint file.
   *
   * @return its path
   */
  public java.nio.file.Path checkpointFile() {
    return store.file();
  }

  /** Releases the checkpoint lock; nothing is written after. Idempotent. */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      closed = true;
      store.close();
    }
  }
}
