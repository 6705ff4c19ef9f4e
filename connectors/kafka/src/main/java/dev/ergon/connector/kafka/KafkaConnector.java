package dev.ergon.connector.kafka;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.kafka.internal.ClientProperties;
import dev.ergon.connector.kafka.internal.Codec;
import dev.ergon.connector.kafka.internal.DeadLetters;
import dev.ergon.connector.kafka.internal.Ledger;
import dev.ergon.connector.kafka.internal.PollLoop;
import dev.ergon.connector.kafka.internal.Resolver;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connector} on Apache Kafka: consumes its topics in a consumer group and commits, per
 * partition, the <em>watermark</em> below the lowest unsettled record, so completions out of order
 * never let a commit pass a record still in flight; writes with an idempotent producer ({@code
 * acks=all}); dead-letters to {@code <topic>.dlt}.
 *
 * <pre>{@code
 * KafkaConnector orders = new KafkaConnector(KafkaSettings.builder()
 *     .bootstrapServers("kafka:9092").group("order-workers").topics("orders").build());
 * TaskConfig.builder("orders").task(OrderProcessor::new).connector("input", () -> orders);
 * }</pre>
 *
 * <p>Threads: the {@code KafkaConsumer} is confined to one poll thread owned by the connector,
 * started by the first fetch (or count); it polls into a ledger, commits and pauses. Fetching,
 * settling and dispatching run on the engine's threads: they work on the ledger (one lock) and the
 * thread-safe producer, never on the consumer. A connector that only dispatches never joins a
 * group. Thread-safe.
 */
public final class KafkaConnector implements Connector {
  private static final Logger log = LoggerFactory.getLogger(KafkaConnector.class);

  private final KafkaSettings settings;
  private final String name;
  private final Ledger ledger;
  private final Resolver resolver;
  private final DeadLetters deadLetters;
  private final AtomicLong outOfBand = new AtomicLong();
  private volatile @Nullable PollLoop loop;
  private @Nullable Thread loopThread;
  private @Nullable KafkaProducer<byte[], byte[]> producer;
  private volatile boolean closed;

  /**
   * Creates the connector; nothing is connected until the first fetch or dispatch.
   *
   * @param settings the settings
   */
  public KafkaConnector(KafkaSettings settings) {
    this.settings = settings;
    this.name =
        "Kafka connector '"
            + settings.clientId()
            + "' ("
            + (settings.group() == null ? "no group" : "group " + settings.group())
            + ", "
            + (settings.topics().isEmpty() && settings.topicPattern() == null
                ? "dispatch only"
                : settings.describeSource())
            + ")";
    this.ledger = new Ledger(settings.ordering());
    this.resolver = new Resolver(settings);
    this.deadLetters = new DeadLetters(settings, this::producer, ledger, name);
  }

  /**
   * The settings.
   *
   * @return them
   */
  public KafkaSettings settings() {
    return settings;
  }

  private synchronized PollLoop loop() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
    if (settings.group() == null) {
      throw new ConfigurationException("group", null, "set to consume (" + name + ")");
    }
    if (loop == null) {
      loop = new PollLoop(settings, ledger, name);
      loopThread =
          Thread.ofPlatform().name("ergon-kafka-poll-" + settings.clientId()).daemon().start(loop);
    }
    return loop;
  }

  private synchronized KafkaProducer<byte[], byte[]> producer() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
    if (producer == null) {
      producer = new KafkaProducer<>(ClientProperties.producer(settings));
    }
    return producer;
  }

  /**
   * Waits until the group has given this connector its first assignment (possibly empty), starting
   * the consumer if needed.
   *
   * @param timeout how long to wait
   * @return true when assigned
   * @throws InterruptedException when interrupted
   */
  boolean awaitAssignment(Duration timeout) throws InterruptedException {
    PollLoop l = loop();
    return l.awaitAssignment(timeout) && !l.stopped();
  }

  /**
   * Hands out up to {@code batchSize} records that may run now, waiting up to {@code fetch_wait}
   * for a first one. The first fetch starts the consumer and waits (up to {@code settle_timeout})
   * until the group assigned partitions and they were polled, so an empty answer means an empty
   * source. Records held back by the ordering stay in the connector. A record whose value is not
   * JSON is dead-lettered at once (category {@code undecodable}), never handed out.
   *
   * @throws KafkaConnectorException when the consumer fails (the error is named) or the group
   *     assigns nothing within {@code settle_timeout}
   */
  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws Exception {
    PollLoop l = loop();
    if (!l.awaitReady(settings.settleTimeout()) || l.stopped()) {
      if (l.stopped()) {
        throw new KafkaConnectorException(name + ": the consumer stopped: " + l.lastError(), null);
      }
      throw new KafkaConnectorException(
          name
              + ": no partitions assigned by the group within "
              + settings.settleTimeout()
              + (l.lastError() != null ? ": " + l.lastError() : ""),
          null);
    }
    Ledger.Taken taken =
        ledger.take(
            batchSize,
            settings.fetchWait().toNanos(),
            h -> Codec.decode(h.record(), h.id(), h.deliveries()),
            () -> closed || l.stopped());
    for (int i = 0; i < taken.undecodable().size(); i++) {
      deadLetters.undecodable(taken.undecodable().get(i), taken.errors().get(i));
    }
    if (taken.transactions().isEmpty() && l.lastError() != null) {
      throw new KafkaConnectorException(name + ": cannot fetch: " + l.lastError(), null);
    }
    return taken.transactions();
  }

  /**
   * Writes the transactions to the produce topic, all sent before any is awaited; each record's
   * acknowledgement ({@code acks=all}) is awaited within {@code settle_timeout}. Headers: the
   * metadata (so {@code traceparent}) except {@code kafka.*}, and {@code Ergon-Transaction-Id}; the
   * key is {@code kafka.key} when present.
   *
   * @throws KafkaConnectorException naming every transaction that failed and why
   */
  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws Exception {
    String topic = settings.effectiveProduceTopic();
    KafkaProducer<byte[], byte[]> p = producer();
    Map<String, Future<RecordMetadata>> sent = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (Transaction tx : transactions) {
      try {
        sent.put(tx.id(), p.send(Codec.encode(topic, tx)));
      } catch (Exception e) {
        failed.put(tx.id(), e.toString());
      }
    }
    long deadline = System.nanoTime() + settings.settleTimeout().plusSeconds(5).toNanos();
    for (Map.Entry<String, Future<RecordMetadata>> e : sent.entrySet()) {
      try {
        e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException ex) {
        failed.put(e.getKey(), String.valueOf(ex.getCause()));
      } catch (TimeoutException ex) {
        failed.put(e.getKey(), "no acknowledgement within " + settings.settleTimeout());
      }
    }
    if (!failed.isEmpty()) {
      throw new KafkaConnectorException(
          name
              + ": "
              + failed.size()
              + " of "
              + transactions.size()
              + " transaction(s) not written to topic '"
              + topic
              + "': "
              + failed,
          null);
    }
  }

  /**
   * The consumer lag of the partitions assigned here: per partition, the end offset minus the
   * watermark (the committed position once the next commit runs). Starts the consumer if needed; 0
   * before the group assigns partitions.
   *
   * @throws KafkaConnectorException when the end offsets cannot be read in time
   */
  @Override
  public long countTransactions() throws Exception {
    PollLoop l = loop();
    try {
      return l.call(this::lag).get(settings.settleTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new KafkaConnectorException(name + ": cannot count the lag: " + cause, cause);
    }
  }

  private long lag(KafkaConsumer<byte[], byte[]> c) {
    Map<TopicPartition, Long> marks = ledger.watermarks();
    if (marks.isEmpty()) {
      return 0;
    }
    Map<TopicPartition, Long> end = c.endOffsets(marks.keySet(), settings.settleTimeout());
    long lag = 0;
    for (Map.Entry<TopicPartition, Long> e : marks.entrySet()) {
      long from =
          e.getValue() >= 0 ? e.getValue() : c.position(e.getKey(), settings.settleTimeout());
      lag += Math.max(0, end.getOrDefault(e.getKey(), from) - from);
    }
    return lag;
  }

  /**
   * Finds a record by id: {@code topic/partition/offset} directly, any other id by its {@code
   * Ergon-Transaction-Id} header among the records after the group's committed offsets (at most
   * 10,000 scanned, else an error). Settling the result settles the record here when this connector
   * owns its partition (see the README for the limits).
   */
  @Override
  public Optional<Transaction> resolveTransaction(String id) throws Exception {
    Optional<ConsumerRecord<byte[], byte[]>> r;
    try {
      r = resolver.find(id);
    } catch (RuntimeException e) {
      throw new KafkaConnectorException(
          name + ": cannot resolve '" + id + "': " + e.getMessage(), e);
    }
    if (r.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Codec.decode(r.get(), id, 1));
    } catch (Codec.UndecodableException e) {
      throw new KafkaConnectorException(name + ": transaction '" + id + "': " + e.getMessage(), e);
    }
  }

  /**
   * Settles the record: the commit may pass it. A settlement for a partition revoked since the
   * fetch is dropped (debug log, counted in {@code health()}): the new owner delivers it again.
   */
  @Override
  public void acknowledge(Transaction transaction) throws Exception {
    settle(transaction, "acknowledge");
  }

  private void settle(Transaction tx, String what) {
    switch (ledger.settle(tx.id())) {
      case SETTLED -> {
        PollLoop l = loop;
        if (l != null) {
          l.nudge();
        }
      }
      case REVOKED ->
          log.debug(
              "{}: {} of '{}' dropped: its partition was revoked since the fetch",
              name,
              what,
              tx.id());
      case UNKNOWN -> settleOutOfBand(tx, what);
    }
  }

  /** A transaction resolved by id rather than fetched: settled here when the partition is ours. */
  private void settleOutOfBand(Transaction tx, String what) {
    TopicPartition tp = positionOf(tx);
    if (tp == null) {
      throw new IllegalArgumentException(
          name + ": " + what + " of '" + tx.id() + "': not a transaction of this connector");
    }
    long offset = Long.parseLong(tx.metadata().get("kafka.offset"));
    if (loop == null || ledger.settleAt(tp, offset) != Ledger.Settled.SETTLED) {
      outOfBand.incrementAndGet();
      log.info(
          "{}: {} of '{}' ({}/{}) not recorded: its partition is not assigned here, so the group"
              + " will deliver it again",
          name,
          what,
          tx.id(),
          tp,
          offset);
    }
  }

  private static @Nullable TopicPartition positionOf(Transaction tx) {
    String topic = tx.metadata().get("kafka.topic");
    String partition = tx.metadata().get("kafka.partition");
    String offset = tx.metadata().get("kafka.offset");
    if (topic == null || partition == null || offset == null) {
      return null;
    }
    try {
      Long.parseLong(offset);
      return new TopicPartition(topic, Integer.parseInt(partition));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Requeue: the record is handed out again, in its place; dead-letter: see the 3-arg form. */
  @Override
  public void reject(Transaction transaction, boolean requeue) throws Exception {
    reject(transaction, requeue, null);
  }

  /**
   * With {@code requeue}, the record goes back to the connector's buffer and is handed out again
   * (nothing is committed past it). Without, it is written to the dead-letter topic with its key,
   * value and headers plus {@code Ergon-Original-Topic}, {@code -Partition}, {@code -Offset},
   * {@code Ergon-Attempts}, {@code Ergon-Error-Category} and {@code Ergon-Error-Message} (from the
   * rejection when the engine passes one), and settled once the dead letter is acknowledged. When
   * the dead letter fails, the record is handed out again and this throws.
   *
   * @throws KafkaConnectorException when the dead letter is not acknowledged
   */
  @Override
  public void reject(Transaction transaction, boolean requeue, @Nullable Rejection rejection)
      throws Exception {
    if (requeue) {
      if (ledger.release(transaction.id()) == Ledger.Settled.REVOKED) {
        log.debug("{}: release of '{}' dropped: its partition was revoked", name, transaction.id());
      }
      return;
    }
    Ledger.Held h = ledger.inFlight(transaction.id());
    if (h != null && h.revoked()) {
      ledger.settle(transaction.id()); // dropped and counted: the new owner decides
      log.debug(
          "{}: dead letter of '{}' dropped: its partition was revoked", name, transaction.id());
      return;
    }
    ConsumerRecord<byte[], byte[]> record = h != null ? h.record() : null;
    if (record == null) {
      Optional<ConsumerRecord<byte[], byte[]>> found = Optional.empty();
      TopicPartition tp = positionOf(transaction);
      if (tp != null) {
        found =
            resolver.find(
                tp.topic()
                    + "/"
                    + tp.partition()
                    + "/"
                    + transaction.metadata().get("kafka.offset"));
      }
      record =
          found.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      name
                          + ": reject of '"
                          + transaction.id()
                          + "': not a transaction of this connector"));
    }
    int attempts = rejection != null ? rejection.attempts() : h != null ? h.deliveries() : 1;
    try {
      deadLetters.write(record, transaction.id(), attempts, rejection);
    } catch (KafkaConnectorException e) {
      ledger.release(transaction.id());
      throw e;
    }
    settle(transaction, "dead-letter");
  }

  /** True: {@code reject(tx, false)} writes to the dead-letter topic. */
  @Override
  public boolean supportsDeadLetter() {
    return true;
  }

  /**
   * State, group, assigned partitions, buffered and in-flight records, the in-flight window,
   * paused, commits, dead letters, dropped settlements, last poll and error.
   */
  @Override
  public Map<String, Object> health() {
    Map<String, Object> h = new HashMap<>(ledger.counts());
    PollLoop l = loop;
    if (l != null) {
      h.putAll(l.health());
    } else {
      h.put("state", closed ? "closed" : "idle");
    }
    h.put("group", String.valueOf(settings.group()));
    h.put("dead_lettered", deadLetters.written());
    h.put("out_of_band_settlements", outOfBand.get());
    return Map.copyOf(h);
  }

  /**
   * Commits the watermarks synchronously, leaves the group (unsettled records are delivered again
   * to the group) and closes the producer. Idempotent.
   */
  @Override
  public void close() {
    PollLoop l;
    Thread t;
    KafkaProducer<byte[], byte[]> p;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      l = loop;
      t = loopThread;
      p = producer;
    }
    try {
      if (l != null && t != null) {
        l.stop(settings.settleTimeout().multipliedBy(2));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (p != null) {
        p.close(settings.settleTimeout());
      }
    }
  }

  /** The connector's name: client id, group and topics. */
  @Override
  public String toString() {
    return name;
  }
}
