package dev.ergon.connector.s3;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.s3.S3Config.Mode;
import dev.ergon.connector.s3.internal.Clients;
import dev.ergon.connector.s3.internal.DeadLetters;
import dev.ergon.connector.s3.internal.Inbox;
import dev.ergon.connector.s3.internal.Leases;
import dev.ergon.connector.s3.internal.Leases.Lease;
import dev.ergon.connector.s3.internal.LineRecords;
import dev.ergon.connector.s3.internal.ObjectCodec;
import dev.ergon.connector.s3.internal.ObjectStore;
import dev.ergon.time.TimeSource;
import dev.ergon.transaction.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A connector on the objects under one prefix of an S3 (or S3-compatible) bucket, on the AWS SDK
 * for Java v2: each object, or each line of each object, is a transaction.
 *
 * <pre>{@code
 * S3Config inbox = S3Config.builder()
 *     .bucket("orders")
 *     .prefix("inbox/")                  // reads inbox/*; done ones go to processed/, failed to failed/
 *     .mode(S3Config.Mode.LINES)         // one transaction per JSON line
 *     .build();                          // credentials from the default AWS provider chain
 * // an S3-compatible server (MinIO, S3Mock...): .endpoint(URI.create("http://127.0.0.1:9000"))
 * //     .pathStyle(true).credentials(System.getenv("S3_KEY"), System.getenv("S3_SECRET"))
 * TaskConfig config = TaskConfig.builder("order-files")
 *     .task(OrderProcessor::new)
 *     .connector("orders", () -> new S3Connector(inbox))
 *     .policy(ConsumerPolicy.builder("consumer").fetchConnector("orders").concurrency(8).build())
 *     .build();
 * WorkerResult result = Ergon.run(config);
 * }</pre>
 *
 * <p><b>Transactions.</b> In {@link Mode#OBJECT} one object is one transaction whose id is its key
 * below {@link S3Config#prefix()} ({@code inbox/a.json} has id {@code a.json}). The payload is the
 * parsed JSON for JSON content ({@code application/json}, or a {@code .json} key), a {@code String}
 * for {@code text/*}, else the bytes. Metadata holds the object's user metadata under its own names
 * and {@value #BUCKET}, {@value #KEY}, {@value #ETAG}, {@value #SIZE}, {@value #LAST_MODIFIED} and
 * {@value #CONTENT_TYPE}. In {@link Mode#LINES} each non-blank line of a JSON Lines object (or each
 * record of a CSV object with a header row, as a map from column to text) is a transaction with id
 * {@code <id>#<line>} and the line number in {@value #LINE}; a line that cannot be read is
 * dead-lettered alone at fetch (its error names the key and the line), the others are delivered.
 *
 * <p><b>Leases.</b> A worker takes an object only after creating the marker {@code
 * <leasePrefix><id>} with a conditional put ({@code If-None-Match: *}), which only one writer can
 * win; a heartbeat renews its markers every {@link S3Config#heartbeatInterval()} with {@code
 * If-Match}. A marker not renewed within {@link S3Config#leaseDuration()} (its worker died) is
 * taken over, again conditionally. The server must evaluate conditional writes atomically (AWS S3
 * has supported them since 2024; S3Mock 4.12 checks and writes non-atomically, so two workers could
 * both win there). Before an object is moved or dead-lettered its lease is renewed once more; when
 * a renewal finds the lease taken over, settling its transactions throws {@link
 * ConnectionLostException}: another worker has the object. An object overwritten while it was
 * processed is not moved (the copy is conditional on the ETag read): the new version is delivered.
 *
 * <p><b>Settlement.</b> {@code acknowledge} moves the object to {@link S3Config#processedPrefix()}
 * (copy, then delete) or deletes it ({@link S3Config#onSuccess()}), in {@code LINES} mode once all
 * its lines are settled, then deletes the marker. {@code reject(tx, false, rejection)} moves the
 * object (or writes the line) to {@link S3Config#failedPrefix()} with a sidecar {@code
 * <key>.error.json} holding the category, message, attempts and handler error. {@code reject(tx,
 * true)} gives the object back (deletes the marker) so that any worker fetches it again; a line is
 * offered again by this connector. {@link #close()} gives back every held object: delivery is at
 * least once, and the lines of an object not finished when its worker stops are all delivered
 * again.
 *
 * <p>{@link #countTransactions()} counts the objects under the prefix without a live marker (by the
 * markers' write time). {@link #resolveTransaction(String)} leases and reads the object of an id.
 * Thread-safe: one thread may fetch while others settle and dispatch.
 */
public final class S3Connector implements Connector {
  /** Metadata: the bucket. */
  public static final String BUCKET = "s3.bucket";

  /** Metadata: the object's full key. */
  public static final String KEY = "s3.key";

  /** Metadata: the object's ETag. */
  public static final String ETAG = "s3.etag";

  /** Metadata: the object's size in bytes. */
  public static final String SIZE = "s3.size";

  /** Metadata: when the object was last modified (ISO-8601). */
  public static final String LAST_MODIFIED = "s3.lastModified";

  /** Metadata: the object's content type. */
  public static final String CONTENT_TYPE = "s3.contentType";

  /** Metadata: the line number in {@link Mode#LINES}. */
  public static final String LINE = "s3.line";

  private static final Logger LOG = LoggerFactory.getLogger(S3Connector.class);

  /** One leased object: its lines not yet handed out and the ones handed out, unsettled. */
  private static final class Held {
    final String key;
    final String id;
    final Object renewing = new Object();
    volatile Lease lease;
    @Nullable String etag;
    boolean lost;
    final ArrayDeque<Transaction> ready = new ArrayDeque<>();
    final Map<String, Transaction> out = new HashMap<>();
    final Map<String, String> raw = new HashMap<>();

    Held(String key, String id, Lease lease) {
      this.key = key;
      this.id = id;
      this.lease = lease;
    }

    boolean done() {
      return ready.isEmpty() && out.isEmpty();
    }
  }

  private final S3Config config;
  private final S3Client client;
  private final ObjectStore store;
  private final Leases leases;
  private final DeadLetters deadLetters;
  private final Inbox inbox;
  private final TimeSource time;
  private final ScheduledExecutorService heartbeat;
  private final Object lock = new Object();
  private final Map<String, Held> byKey = new LinkedHashMap<>();
  private final Map<String, Held> byTx = new HashMap<>();
  private final AtomicLong unreadable = new AtomicLong();
  private volatile boolean closed;

  /**
   * Opens a connector on the system clock.
   *
   * @param config the settings
   */
  public S3Connector(S3Config config) {
    this(config, TimeSource.system());
  }

  /**
   * Opens a connector: builds its client and starts the lease heartbeat. Nothing is read yet.
   *
   * @param config the settings
   * @param time the clock lease expiries are computed with
   */
  public S3Connector(S3Config config, TimeSource time) {
    this.config = config;
    this.time = time;
    this.client = Clients.create(config);
    this.store = new ObjectStore(client, config.bucket());
    this.leases =
        new Leases(
            store,
            config.prefix(),
            config.leasePrefix(),
            config.workerId(),
            config.leaseDuration(),
            time);
    this.deadLetters = new DeadLetters(store, config, time);
    this.inbox = new Inbox(store, config);
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("ergon-s3-heartbeat").unstarted(r));
    long every = config.heartbeatInterval().toMillis();
    heartbeat.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * The settings.
   *
   * @return them
   */
  public S3Config config() {
    return config;
  }

  @Override
  public List<Transaction> fetchTransactions(int batchSize) {
    if (closed) {
      throw new IllegalStateException("s3: connector on " + where() + " is closed");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
    }
    List<Transaction> out = new ArrayList<>();
    synchronized (lock) {
      for (Held h : byKey.values()) {
        handOut(h, out, batchSize);
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    store.list(config.prefix(), o -> visit(o, out, batchSize));
    return out;
  }

  private boolean visit(S3Object o, List<Transaction> out, int batchSize) {
    String key = o.key();
    if (!inbox.isSource(key, o.size()) || leases.knownBusy(key) || closed) {
      return !closed;
    }
    synchronized (lock) {
      if (byKey.containsKey(key)) {
        return true;
      }
    }
    take(key, o.size() == null ? -1 : o.size())
        .ifPresent(
            h -> {
              synchronized (lock) {
                handOut(h, out, batchSize);
              }
            });
    return out.size() < batchSize;
  }

  private void handOut(Held h, List<Transaction> out, int batchSize) {
    while (out.size() < batchSize && !h.ready.isEmpty() && !h.lost) {
      Transaction tx = h.ready.poll();
      h.out.put(tx.id(), tx);
      byTx.put(tx.id(), h);
      out.add(tx);
    }
  }

  /** Leases and reads an object; registers it unless it had nothing to deliver. */
  private Optional<Held> take(String key, long listedSize) {
    Optional<Lease> lease = leases.acquire(key);
    if (lease.isEmpty()) {
      return Optional.empty();
    }
    Held h = new Held(key, key.substring(config.prefix().length()), lease.get());
    try {
      if (listedSize > config.maxObjectBytes()) {
        deadLetters.unreadObject(h.key, h.id, tooLarge(listedSize));
        unreadable.incrementAndGet();
        leases.release(h.lease);
        return Optional.empty();
      }
      Optional<ResponseBytes<GetObjectResponse>> object = store.get(key);
      if (object.isEmpty()) {
        leases.release(h.lease); // settled by another worker meanwhile
        return Optional.empty();
      }
      load(h, object.get());
      if (h.ready.isEmpty()) {
        finish(h); // a LINES object with no readable line
        return Optional.empty();
      }
      synchronized (lock) {
        byKey.put(key, h);
      }
      return Optional.of(h);
    } catch (SdkClientException e) {
      releaseQuietly(h);
      throw e; // unreachable or timed out: the fetch fails as a whole and is tried again
    } catch (RuntimeException e) {
      releaseQuietly(h);
      throw new S3ConnectorException(
          "s3: could not take s3://" + config.bucket() + "/" + key + ": " + e.getMessage(),
          List.of(h.id),
          e);
    }
  }

  private String tooLarge(long size) {
    return "object is "
        + size
        + " bytes, above max_object_bytes ("
        + config.maxObjectBytes()
        + "); it was not read";
  }

  private void load(Held h, ResponseBytes<GetObjectResponse> object) {
    GetObjectResponse r = object.response();
    h.etag = r.eTag();
    Map<String, String> metadata = new LinkedHashMap<>(ObjectCodec.fromUserMetadata(r.metadata()));
    metadata.put(BUCKET, config.bucket());
    metadata.put(KEY, h.key);
    putIfPresent(metadata, ETAG, r.eTag());
    metadata.put(SIZE, Long.toString(object.asByteArray().length));
    putIfPresent(
        metadata, LAST_MODIFIED, r.lastModified() == null ? null : r.lastModified().toString());
    putIfPresent(metadata, CONTENT_TYPE, r.contentType());
    if (config.mode() == Mode.OBJECT) {
      Object payload = ObjectCodec.decode(object.asByteArray(), r.contentType(), h.key);
      h.ready.add(new Transaction(h.id, payload, metadata));
      return;
    }
    for (LineRecords.Line line : LineRecords.split(object.asByteArray(), config.lineFormat())) {
      String txId = h.id + "#" + line.line();
      if (line.value() == null) {
        String why =
            "line "
                + line.line()
                + " of s3://"
                + config.bucket()
                + "/"
                + h.key
                + " "
                + line.error();
        LOG.warn("s3: {}; dead-lettering transaction {}", why, txId);
        deadLetters.line(h.id, line.line(), line.raw(), txId, "parse", why, null);
        unreadable.incrementAndGet();
        continue;
      }
      Map<String, String> m = new LinkedHashMap<>(metadata);
      m.put(LINE, Integer.toString(line.line()));
      h.ready.add(new Transaction(txId, line.value(), m));
      h.raw.put(txId, line.raw());
    }
  }

  private static void putIfPresent(Map<String, String> map, String key, @Nullable String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /** Removes a handed-out transaction from its object; throws when it is not held here. */
  private Held settle(Transaction tx, String operation) {
    synchronized (lock) {
      Held h = byTx.remove(tx.id());
      if (h == null || h.out.remove(tx.id()) == null) {
        throw new IllegalStateException(
            "s3: cannot "
                + operation
                + " transaction "
                + tx.id()
                + ": it is not held by this connector (already settled, or fetched elsewhere)");
      }
      if (h.lost) {
        if (h.done()) {
          byKey.remove(h.key);
        }
        throw new ConnectionLostException(
            "s3: cannot "
                + operation
                + " transaction "
                + tx.id()
                + ": the lease on s3://"
                + config.bucket()
                + "/"
                + h.key
                + " was lost (not renewed in time and taken over), so another worker has it",
            null);
      }
      return h;
    }
  }

  @Override
  public void acknowledge(Transaction transaction) {
    Held h = settle(transaction, "acknowledge");
    finishIfDone(h, transaction.id());
  }

  private void finishIfDone(Held h, String txId) {
    synchronized (lock) {
      if (!h.done()) {
        return;
      }
      byKey.remove(h.key);
    }
    confirm(h, txId);
    try {
      finish(h);
    } catch (SdkClientException e) {
      releaseQuietly(h);
      throw new ConnectionLostException(
          "s3: could not settle s3://"
              + config.bucket()
              + "/"
              + h.key
              + " (transaction "
              + txId
              + "): "
              + e.getMessage()
              + "; it will be delivered again",
          e);
    } catch (RuntimeException e) {
      releaseQuietly(h);
      throw new S3ConnectorException(
          "s3: could not settle s3://"
              + config.bucket()
              + "/"
              + h.key
              + " (transaction "
              + txId
              + "): "
              + e.getMessage()
              + "; it will be delivered again",
          List.of(txId),
          e);
    }
  }

  /**
   * Renews the lease right before the object is moved, so that a worker whose lease was taken over
   * (it stalled past the expiry) finds out now instead of moving an object another worker holds.
   */
  private void confirm(Held h, String txId) {
    Optional<Lease> renewed;
    try {
      renewed = renew(h);
    } catch (RuntimeException e) {
      releaseQuietly(h);
      throw new ConnectionLostException(
          "s3: could not confirm the lease on s3://"
              + config.bucket()
              + "/"
              + h.key
              + " before settling transaction "
              + txId
              + ": "
              + e.getMessage(),
          e);
    }
    synchronized (lock) {
      if (renewed.isEmpty()) {
        lost(h);
        byKey.remove(h.key);
        throw new ConnectionLostException(
            "s3: cannot settle transaction "
                + txId
                + ": the lease on s3://"
                + config.bucket()
                + "/"
                + h.key
                + " was lost (not renewed in time and taken over), so another worker"
                + " has it",
            null);
      }
    }
  }

  /**
   * Renews one object's lease, one renewal at a time per object: the heartbeat and a settlement
   * renewing at once would otherwise both send {@code If-Match} with the same ETag, and the loser
   * would take its own lease for lost.
   */
  private Optional<Lease> renew(Held h) {
    synchronized (h.renewing) {
      Optional<Lease> renewed = leases.renew(h.lease);
      renewed.ifPresent(l -> h.lease = l);
      return renewed;
    }
  }

  /** Moves (or deletes) a fully settled object, then gives its lease back. */
  private void finish(Held h) {
    if (config.onSuccess() == S3Config.OnSuccess.MOVE) {
      try {
        store.copy(h.key, config.processedPrefix() + h.id, h.etag);
      } catch (S3Exception e) {
        if (e.statusCode() != 412) {
          throw e;
        }
        LOG.warn(
            "s3: s3://{}/{} was overwritten while it was processed; the new version stays and"
                + " will be delivered",
            config.bucket(),
            h.key);
        leases.release(h.lease);
        return;
      }
    }
    store.delete(h.key);
    leases.release(h.lease);
  }

  @Override
  public void reject(Transaction transaction, boolean requeue) {
    reject(transaction, requeue, null, "rejected without requeue");
  }

  @Override
  public void reject(Transaction transaction, boolean requeue, Rejection rejection) {
    reject(transaction, requeue, rejection, rejection.message());
  }

  private void reject(Transaction tx, boolean requeue, @Nullable Rejection why, String message) {
    Held h = settle(tx, requeue ? "release" : "dead-letter");
    if (requeue && config.mode() == Mode.LINES) {
      synchronized (lock) {
        h.ready.addFirst(tx);
      }
      return;
    }
    if (requeue) {
      synchronized (lock) {
        byKey.remove(h.key);
      }
      leases.release(h.lease);
      return;
    }
    try {
      if (config.mode() == Mode.LINES) {
        int line = Integer.parseInt(tx.metadata().getOrDefault(LINE, "0"));
        deadLetters.line(h.id, line, h.raw.getOrDefault(tx.id(), ""), tx.id(), null, message, why);
        finishIfDone(h, tx.id());
      } else {
        synchronized (lock) {
          byKey.remove(h.key);
        }
        confirm(h, tx.id());
        deadLetters.object(h.key, h.id, tx.id(), message, why);
        leases.release(h.lease);
      }
    } catch (SdkClientException e) {
      releaseQuietly(h);
      throw new ConnectionLostException(
          "s3: could not dead-letter transaction " + tx.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean supportsDeadLetter() {
    return true;
  }

  private void releaseQuietly(Held h) {
    synchronized (lock) {
      byKey.remove(h.key);
      h.out.keySet().forEach(byTx::remove);
      h.out.clear();
      h.ready.clear();
    }
    try {
      leases.release(h.lease);
    } catch (RuntimeException e) {
      LOG.warn("s3: could not give back the lease on {}: {}", h.key, e.toString());
    }
  }

  private void renewLeases() {
    List<Held> held;
    synchronized (lock) {
      held = new ArrayList<>(byKey.values());
    }
    for (Held h : held) {
      if (closed) {
        return;
      }
      try {
        Optional<Lease> renewed = renew(h);
        synchronized (lock) {
          if (renewed.isEmpty() && byKey.get(h.key) == h) {
            lost(h);
          }
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "s3: could not renew the lease on {} (retried next beat): {}", h.key, e.toString());
      }
    }
  }

  private void lost(Held h) {
    LOG.warn(
        "s3: lost the lease on s3://{}/{} (it expired and another worker took it over); {} of its"
            + " transactions in flight will not be settled here",
        config.bucket(),
        h.key,
        h.out.size());
    h.lost = true;
    h.ready.clear();
    if (h.done()) {
      byKey.remove(h.key);
    }
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) {
    if (closed) {
      throw new IllegalStateException("s3: connector on " + where() + " is closed");
    }
    inbox.dispatch(transactions);
  }

  @Override
  public long countTransactions() {
    return inbox.waiting(time.now());
  }

  @Override
  public Optional<Transaction> resolveTransaction(String id) {
    String objectId = id;
    if (config.mode() == Mode.LINES) {
      int hash = id.lastIndexOf('#');
      if (hash <= 0) {
        return Optional.empty();
      }
      objectId = id.substring(0, hash);
    }
    String key = config.prefix() + objectId;
    synchronized (lock) {
      Held h = byKey.get(key);
      if (h != null) {
        return pull(h, id);
      }
    }
    Optional<Held> taken = take(key, -1);
    if (taken.isEmpty()) {
      if (leases.knownBusy(key)) {
        throw new S3ConnectorException(
            "s3: transaction "
                + id
                + " (s3://"
                + config.bucket()
                + "/"
                + key
                + ") is leased by another worker",
            List.of(id),
            null);
      }
      return Optional.empty();
    }
    synchronized (lock) {
      return pull(taken.get(), id);
    }
  }

  private Optional<Transaction> pull(Held h, String id) {
    Transaction handed = h.out.get(id);
    if (handed != null) {
      return Optional.of(handed);
    }
    for (Iterator<Transaction> it = h.ready.iterator(); it.hasNext(); ) {
      Transaction tx = it.next();
      if (tx.id().equals(id)) {
        it.remove();
        h.out.put(id, tx);
        byTx.put(id, h);
        return Optional.of(tx);
      }
    }
    return Optional.empty();
  }

  @Override
  public Map<String, Object> health() {
    synchronized (lock) {
      return Map.of(
          "bucket", config.bucket(),
          "prefix", config.prefix(),
          "worker", config.workerId(),
          "heldObjects", byKey.size(),
          "inFlight", byTx.size(),
          "unreadableDeadLettered", unreadable.get(),
          "closed", closed);
    }
  }

  private String where() {
    return "s3://" + config.bucket() + "/";
  }

  /** Stops the heartbeat and gives back every held object (deletes its lease marker). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.shutdownNow();
    List<Held> held;
    synchronized (lock) {
      held = new ArrayList<>(byKey.values());
      byKey.clear();
      byTx.clear();
    }
    for (Held h : held) {
      if (!h.lost) {
        try {
          leases.release(h.lease);
        } catch (RuntimeException e) {
          LOG.warn(
              "s3: could not give back the lease on {} (it expires by itself): {}",
              h.key,
              e.toString());
        }
      }
    }
    client.close();
  }
}
