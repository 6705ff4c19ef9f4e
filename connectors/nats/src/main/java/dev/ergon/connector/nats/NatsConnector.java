package dev.ergon.connector.nats;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.nats.internal.Codec;
import dev.ergon.connector.nats.internal.InFlight;
import dev.ergon.connector.nats.internal.Link;
import dev.ergon.connector.nats.internal.Subjects;
import dev.ergon.transaction.Transaction;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connector} on NATS JetStream (the official jnats client): consumes a stream through one
 * durable pull consumer with explicit acknowledgements, and publishes with publish
 * acknowledgements.
 *
 * <pre>{@code
 * NatsConnector orders = new NatsConnector(NatsSettings.builder()
 *     .stream("ORDERS").subject("orders.new").durable("order-workers")
 *     .createStream(true).build());
 * TaskConfig.builder("orders").connector("input", () -> orders) ...
 * }</pre>
 *
 * <p><b>Start-up.</b> The constructor connects, checks (or, with {@code create_stream}, creates)
 * the stream, creates or updates the durable consumer (explicit acks, the filter subject, {@code
 * ack_wait}, {@code max_deliver}, {@code max_ack_pending}) and binds one pull subscription that
 * lives as long as the connector. Wrong credentials, a missing stream or a conflicting consumer
 * fail at once with a {@link NatsConnectorException} naming the connector, the stream and the
 * durable.
 *
 * <p><b>Transactions.</b> The id is the {@code Nats-Msg-Id} header, or {@code <stream>/<stream
 * sequence>} (for example {@code ORDERS/42}) when the message has none; both are stable across
 * redeliveries. {@link #dispatchTransactions} sets {@code Nats-Msg-Id} to the transaction id, so
 * the server also drops a second publish of the same id within the stream's duplicate window. The
 * body is JSON, decoded with Jackson (a map, list, string or number); a body that is not JSON is
 * never handed to the engine: it is dead-lettered at once with the error. Metadata holds the
 * headers under their own names ({@code traceparent} travels both ways) and the delivery under
 * {@code nats.}: {@code nats.subject}, {@code nats.stream}, {@code nats.stream_sequence}, {@code
 * nats.consumer_sequence}, {@code nats.delivered}, {@code nats.timestamp}, {@code nats.pending}.
 *
 * <p><b>While a transaction runs</b> its message gets an in-progress acknowledgement every {@code
 * in_progress_interval} (a third of {@code ack_wait} by default), so long work is not redelivered;
 * they stop when it is settled, or after {@code max_in_progress} when that is set.
 *
 * <p><b>Settlement.</b> {@code acknowledge} is a synchronous ack (the server confirms it); {@code
 * reject(tx, true)} is a nak with {@code nak_delay}; {@code reject(tx, false)} publishes the
 * message to the dead-letter subject with {@code Ergon-} headers (original subject, stream,
 * sequence, delivery count, transaction id, error category and message) and the original headers
 * (so {@code traceparent}), waits for its publish ack, then terminates the message. When the
 * connection is down, settlement throws {@link ConnectionLostException} and the server redelivers
 * after {@code ack_wait}. With {@code max_deliver} = N the consumer allows N + 1 deliveries, and a
 * delivery past N is dead-lettered by the connector instead of being handed out (category {@code
 * max_deliver_exceeded}).
 *
 * <p><b>Resolve and count.</b> See {@link #resolveTransaction(String)} and {@link
 * #countTransactions()}. Thread-safe: the engine fetches from one thread while others settle and
 * dispatch.
 */
public final class NatsConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(NatsConnector.class);

  /** How long a fetch lingers for the rest of a batch once a first message arrived. */
  static final Duration BATCH_LINGER = Duration.ofMillis(50);

  /** How many messages resolve-by-{@code Nats-Msg-Id} reads at most. */
  public static final int RESOLVE_SCAN_LIMIT = 10_000;

  private static final int NOT_FOUND = 404;
  private static final String ERROR_CATEGORY = "Ergon-Error-Category";
  private static final String ERROR_MESSAGE = "Ergon-Error-Message";
  private static final Pattern SEQ_ID = Pattern.compile("([A-Za-z0-9_-]+)/(\\d+)");

  private final NatsSettings settings;
  private final String describe;
  private final Link link;
  private final JetStream js;
  private final JetStreamManagement jsm;
  private final JetStreamSubscription subscription;
  private final InFlight inFlight;
  private final Map<String, Long> resolved = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong deadLettered = new AtomicLong();
  private final Object fetchLock = new Object();
  private volatile int concurrency;
  private volatile long appliedMaxAckPending;
  private volatile @Nullable Instant lastFetch;
  private volatile @Nullable Instant lastAck;

  /**
   * Connects, sets up the stream and the durable consumer, and binds the pull subscription.
   *
   * @param settings the settings
   * @throws NatsConnectorException when it cannot connect, the stream is missing (and not to be
   *     created) or the consumer cannot be created or updated
   */
  public NatsConnector(NatsSettings settings) {
    this.settings = settings;
    this.describe =
        "NATS connector '"
            + settings.connectionName()
            + "' ("
            + settings.urls().stream().map(NatsSettings::masked).toList()
            + ", stream '"
            + settings.stream()
            + "', durable '"
            + settings.durable()
            + "')";
    try {
      this.link =
          new Link(
              settings.urls(),
              settings.connectionName(),
              settings.user(),
              settings.password(),
              settings.token(),
              settings.credentialsFile(),
              settings.settleTimeout(),
              describe);
    } catch (IOException e) {
      throw new NatsConnectorException(describe + ": cannot connect: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NatsConnectorException(describe + ": interrupted while connecting", e);
    }
    InFlight timer = null;
    try {
      this.js = link.connection().jetStream(Link.jetStreamOptions(settings.settleTimeout()));
      this.jsm =
          link.connection().jetStreamManagement(Link.jetStreamOptions(settings.settleTimeout()));
      ensureStream();
      this.appliedMaxAckPending = desiredMaxAckPending();
      ensureConsumer(appliedMaxAckPending);
      this.subscription =
          js.subscribe(
              settings.subject(), PullSubscribeOptions.bind(settings.stream(), settings.durable()));
      timer =
          new InFlight(settings.effectiveInProgressInterval(), settings.maxInProgress(), describe);
      this.inFlight = timer;
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      if (timer != null) {
        timer.close();
      }
      link.close();
      if (e instanceof NatsConnectorException n) {
        throw n;
      }
      throw new NatsConnectorException(
          describe + ": cannot set up the consumer: " + link.scrub(String.valueOf(e.getMessage())),
          e instanceof JetStreamApiException ? e : null);
    }
  }

  private void ensureStream() throws IOException, JetStreamApiException {
    try {
      jsm.getStreamInfo(settings.stream());
      return;
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() != NOT_FOUND) {
        throw e;
      }
    }
    if (!settings.createStream()) {
      throw new NatsConnectorException(
          describe
              + ": stream '"
              + settings.stream()
              + "' does not exist (create it, or set create_stream: true)",
          null);
    }
    try {
      jsm.addStream(
          StreamConfiguration.builder()
              .name(settings.stream())
              .subjects(settings.subject(), settings.effectiveDeadLetterSubject())
              .storageType(StorageType.File)
              .build());
      LOG.info(
          "{}: created stream with subjects [{}, {}]",
          describe,
          settings.subject(),
          settings.effectiveDeadLetterSubject());
    } catch (JetStreamApiException e) {
      // another worker may have created it at the same moment
      jsm.getStreamInfo(settings.stream());
    }
  }

  private void ensureConsumer(long maxAckPending) throws IOException, JetStreamApiException {
    ConsumerConfiguration cc =
        ConsumerConfiguration.builder()
            .durable(settings.durable())
            .ackPolicy(AckPolicy.Explicit)
            .deliverPolicy(DeliverPolicy.All)
            .filterSubject(settings.subject())
            .ackWait(settings.ackWait())
            .maxDeliver(settings.maxDeliver() == null ? -1 : settings.maxDeliver() + 1L)
            .maxAckPending(maxAckPending)
            .build();
    jsm.addOrUpdateConsumer(settings.stream(), cc);
  }

  private long desiredMaxAckPending() {
    if (settings.maxAckPending() != null) {
      return settings.maxAckPending();
    }
    int c = concurrency;
    return c > 0 ? c : NatsSettings.DEFAULT_MAX_ACK_PENDING;
  }

  /**
   * The settings.
   *
   * @return them
   */
  public NatsSettings settings() {
    return settings;
  }

  /**
   * Waits up to {@code fetch_wait} for a first message, then up to 50 ms for the rest of the batch;
   * returns at most {@code batchSize} (and at most the engine's concurrency). Messages past {@code
   * max_deliver} and messages whose body is not JSON are dead-lettered here and not returned.
   *
   * @throws NatsConnectorException when disconnected or the pull fails; the engine backs off and
   *     the next call tries again
   */
  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws InterruptedException {
    requireOpen();
    if (batchSize <= 0) {
      return List.of();
    }
    if (!link.connected()) {
      throw new NatsConnectorException(
          describe + ": cannot fetch, the connection is " + link.status() + " (reconnecting)",
          null);
    }
    lastFetch = Instant.now();
    int c = concurrency;
    int n = c > 0 ? Math.min(batchSize, c) : batchSize;
    List<Message> messages;
    synchronized (fetchLock) {
      updateMaxAckPendingIfNeeded();
      try {
        messages = new ArrayList<>(subscription.fetch(1, settings.fetchWait()));
        if (!messages.isEmpty() && n > 1) {
          messages.addAll(subscription.fetch(n - 1, BATCH_LINGER));
        }
      } catch (IllegalStateException e) {
        throw new NatsConnectorException(
            describe + ": fetch failed: " + link.scrub(String.valueOf(e.getMessage())), e);
      }
    }
    List<Transaction> txs = new ArrayList<>(messages.size());
    for (Message m : messages) {
      Transaction tx = accept(m);
      if (tx != null) {
        txs.add(tx);
      }
    }
    return txs;
  }

  private void updateMaxAckPendingIfNeeded() {
    long want = desiredMaxAckPending();
    if (want == appliedMaxAckPending) {
      return;
    }
    try {
      ensureConsumer(want);
      LOG.info("{}: max_ack_pending {} (was {})", describe, want, appliedMaxAckPending);
      appliedMaxAckPending = want;
    } catch (IOException | JetStreamApiException e) {
      LOG.warn(
          "{}: cannot set max_ack_pending to {}; keeps {}: {}",
          describe,
          want,
          appliedMaxAckPending,
          e.getMessage());
      appliedMaxAckPending = want;
    }
  }

  private @Nullable Transaction accept(Message m) {
    NatsJetStreamMetaData meta = m.metaData();
    long seq = meta.streamSequence();
    long delivered = meta.deliveredCount();
    Headers headers = m.hasHeaders() ? m.getHeaders() : null;
    String id = Codec.id(headers, settings.stream(), seq);
    InFlight.Entry entry =
        new InFlight.Entry(id, m, settings.stream(), seq, delivered, System.nanoTime());
    Integer max = settings.maxDeliver();
    if (max != null && delivered > max) {
      deadLetterQuietly(
          entry,
          "max_deliver_exceeded",
          "delivered " + delivered + " times, more than max_deliver " + max);
      return null;
    }
    Object payload;
    try {
      payload = Codec.decode(m.getData());
    } catch (IOException e) {
      String error =
          "body of transaction '"
              + id
              + "' ("
              + settings.stream()
              + "/"
              + seq
              + ", subject '"
              + m.getSubject()
              + "') is not JSON: "
              + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                  ? j.getOriginalMessage()
                  : e.getMessage());
      LOG.error("{}: {}; dead-lettering it to '{}'", describe, error, deadLetterSubject());
      deadLetterQuietly(entry, "undecodable", error);
      return null;
    }
    if (!inFlight.add(entry)) {
      // the same Nats-Msg-Id twice in flight (published again after the duplicate window)
      id = settings.stream() + "/" + seq;
      entry = new InFlight.Entry(id, m, settings.stream(), seq, delivered, entry.fetchedAtNanos());
      inFlight.add(entry);
    }
    Map<String, String> delivery = new LinkedHashMap<>();
    delivery.put(Codec.PREFIX + "subject", m.getSubject());
    delivery.put(Codec.PREFIX + "stream", settings.stream());
    delivery.put(Codec.PREFIX + "stream_sequence", String.valueOf(seq));
    delivery.put(Codec.PREFIX + "consumer_sequence", String.valueOf(meta.consumerSequence()));
    delivery.put(Codec.PREFIX + "delivered", String.valueOf(delivered));
    delivery.put(Codec.PREFIX + "pending", String.valueOf(meta.pendingCount()));
    if (meta.timestamp() != null) {
      delivery.put(Codec.PREFIX + "timestamp", meta.timestamp().toInstant().toString());
    }
    return new Transaction(id, payload, Codec.metadata(headers, delivery));
  }

  private void deadLetterQuietly(InFlight.Entry entry, String category, String error) {
    try {
      deadLetter(entry, category, error);
    } catch (NatsConnectorException | ConnectionLostException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.error(
          "{}: cannot dead-letter '{}' ({}/{}); it stays unacknowledged and comes back after"
              + " ack_wait: {}",
          describe,
          entry.id(),
          entry.stream(),
          entry.seq(),
          e.getMessage());
    }
  }

  /**
   * Publishes to the dead-letter subject with a publish ack, then terminates the message.
   *
   * @throws NatsConnectorException when the dead letter is not stored (the message is then left
   *     unacknowledged, so it comes back)
   */
  private void deadLetter(InFlight.Entry entry, String category, @Nullable String error)
      throws ConnectionLostException, InterruptedException {
    Map<String, @Nullable String> reason = new LinkedHashMap<>();
    reason.put(ERROR_CATEGORY, category);
    reason.put(ERROR_MESSAGE, error);
    deadLetter(entry, reason);
  }

  private void deadLetter(InFlight.Entry entry, Map<String, @Nullable String> reason)
      throws ConnectionLostException, InterruptedException {
    Message m = entry.message();
    Map<String, @Nullable String> info = new LinkedHashMap<>();
    info.put(Codec.TX_ID, entry.id());
    info.put("Ergon-Original-Subject", m.getSubject());
    info.put("Ergon-Original-Stream", entry.stream());
    info.put("Ergon-Stream-Sequence", String.valueOf(entry.seq()));
    info.put("Ergon-Delivery-Count", String.valueOf(entry.delivered()));
    info.putAll(reason);
    info.put("Ergon-Dead-Lettered-At", Instant.now().toString());
    Headers h =
        Codec.deadLetterHeaders(
            m.hasHeaders() ? m.getHeaders() : null, info, entry.stream(), entry.seq());
    requireConnected(entry.id(), "dead-letter");
    try {
      js.publishAsync(deadLetterSubject(), h, m.getData())
          .get(settings.settleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new NatsConnectorException(
          describe
              + ": cannot dead-letter transaction '"
              + entry.id()
              + "' to '"
              + deadLetterSubject()
              + "' (is a stream bound to it?): "
              + (cause instanceof TimeoutException
                  ? "no publish ack within " + settings.settleTimeout()
                  : link.scrub(String.valueOf(cause))),
          cause);
    }
    m.term();
    flush(entry, "terminate");
    deadLettered.incrementAndGet();
  }

  private String deadLetterSubject() {
    return settings.effectiveDeadLetterSubject();
  }

  /**
   * Publishes each transaction to the publish subject ({@code Ergon-Transaction-Id} = transaction
   * id, headers from metadata, JSON body) without waiting in between, then waits for every publish
   * ack.
   *
   * @throws NatsConnectorException naming each transaction that was not stored and why; the others
   *     were stored (with {@code deduplicate}, a retry of the whole list within the duplicate
   *     window does not store them twice)
   */
  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws InterruptedException {
    requireOpen();
    String subject = settings.effectivePublishSubject();
    List<@Nullable CompletableFuture<PublishAck>> acks = new ArrayList<>(transactions.size());
    Map<String, String> failures = new LinkedHashMap<>();
    for (Transaction tx : transactions) {
      try {
        acks.add(
            js.publishAsync(subject, Codec.headers(tx, settings.deduplicate()), Codec.body(tx)));
      } catch (RuntimeException e) {
        failures.put(tx.id(), link.scrub(String.valueOf(e.getMessage())));
        acks.add(null);
      }
    }
    long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
    for (int i = 0; i < transactions.size(); i++) {
      CompletableFuture<PublishAck> f = acks.get(i);
      if (f == null) {
        continue;
      }
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        failures.put(transactions.get(i).id(), link.scrub(String.valueOf(e.getCause())));
      } catch (TimeoutException e) {
        f.cancel(false);
        failures.put(transactions.get(i).id(), "no publish ack within " + settings.settleTimeout());
      }
    }
    if (!failures.isEmpty()) {
      StringBuilder b = new StringBuilder();
      failures.forEach(
          (id, why) ->
              b.append(b.isEmpty() ? "" : "; ").append('\'').append(id).append("': ").append(why));
      throw new NatsConnectorException(
          describe
              + ": "
              + failures.size()
              + " of "
              + transactions.size()
              + " transactions not published to '"
              + subject
              + "': "
              + b,
          null);
    }
  }

  /**
   * The consumer's unsettled messages: {@code num_pending} (matching the filter, never delivered to
   * it) plus {@code num_ack_pending} (delivered and not yet acknowledged or terminated: in flight,
   * requeued and waiting for their nak delay, or held by a dead worker until {@code ack_wait}).
   */
  @Override
  public long countTransactions() throws IOException {
    requireOpen();
    ConsumerInfo ci = consumerInfo();
    return ci.getNumPending() + ci.getNumAckPending();
  }

  private ConsumerInfo consumerInfo() throws IOException {
    try {
      return jsm.getConsumerInfo(settings.stream(), settings.durable());
    } catch (JetStreamApiException e) {
      throw new NatsConnectorException(
          describe + ": cannot read the consumer: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one message from the stream, without delivering it through the consumer. An id {@code
   * <stream>/<sequence>} of this stream is read directly; any other id is looked for as a {@code
   * Ergon-Transaction-Id} or {@code Nats-Msg-Id} among the messages on the filter subject after the
   * consumer's ack floor (so only messages this consumer has not all settled yet), at most {@link
   * #RESOLVE_SCAN_LIMIT} of them.
   *
   * <p>Settling a resolved transaction that is not also in flight here works on the stream: {@code
   * acknowledge} deletes the message (so the consumer does not deliver it again), {@code reject(tx,
   * true)} leaves it, {@code reject(tx, false)} publishes it to the dead-letter subject and deletes
   * it.
   *
   * @throws NatsConnectorException when the stream cannot be read, the body is not JSON, or the
   *     scan limit is reached
   */
  @Override
  public Optional<Transaction> resolveTransaction(String id) throws IOException {
    requireOpen();
    try {
      MessageInfo found = find(id);
      if (found == null) {
        return Optional.empty();
      }
      Object payload;
      try {
        payload = Codec.decode(found.getData());
      } catch (IOException e) {
        throw new NatsConnectorException(
            describe
                + ": transaction '"
                + id
                + "' ("
                + settings.stream()
                + "/"
                + found.getSeq()
                + ") has a body that is not JSON: "
                + e.getMessage(),
            null);
      }
      Map<String, String> delivery = new LinkedHashMap<>();
      delivery.put(Codec.PREFIX + "subject", found.getSubject());
      delivery.put(Codec.PREFIX + "stream", settings.stream());
      delivery.put(Codec.PREFIX + "stream_sequence", String.valueOf(found.getSeq()));
      delivery.put(Codec.PREFIX + "resolved", "true");
      String txId = Codec.id(found.getHeaders(), settings.stream(), found.getSeq());
      resolved.put(txId, found.getSeq());
      return Optional.of(
          new Transaction(txId, payload, Codec.metadata(found.getHeaders(), delivery)));
    } catch (JetStreamApiException e) {
      throw new NatsConnectorException(
          describe + ": cannot resolve transaction '" + id + "': " + e.getMessage(), e);
    }
  }

  private @Nullable MessageInfo find(String id) throws IOException, JetStreamApiException {
    Matcher bySeq = SEQ_ID.matcher(id);
    if (bySeq.matches() && bySeq.group(1).equals(settings.stream())) {
      try {
        MessageInfo mi = jsm.getMessage(settings.stream(), Long.parseLong(bySeq.group(2)));
        return Subjects.matches(settings.subject(), mi.getSubject()) ? mi : null;
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() == NOT_FOUND) {
          return null;
        }
        throw e;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    long seq = consumerInfo().getAckFloor().getStreamSequence() + 1;
    for (int read = 0; read < RESOLVE_SCAN_LIMIT; read++) {
      MessageInfo mi;
      try {
        mi = jsm.getNextMessage(settings.stream(), seq, settings.subject());
      } catch (JetStreamApiException e) {
        if (e.getErrorCode() == NOT_FOUND) {
          return null;
        }
        throw e;
      }
      Headers h = mi.getHeaders();
      if (h != null
          && (id.equals(h.getFirst(Codec.TX_ID)) || id.equals(h.getFirst(Codec.MSG_ID)))) {
        return mi;
      }
      seq = mi.getSeq() + 1;
    }
    throw new NatsConnectorException(
        describe
            + ": transaction '"
            + id
            + "' not found among "
            + RESOLVE_SCAN_LIMIT
            + " unsettled messages; resolve it by '"
            + settings.stream()
            + "/<stream sequence>' instead",
        null);
  }

  /**
   * Acknowledges synchronously (the server confirms within {@code settle_timeout}); for a resolved
   * transaction not in flight here, deletes its message from the stream.
   *
   * @throws ConnectionLostException when disconnected or unconfirmed in time; the server redelivers
   *     after {@code ack_wait} unless the ack reached it
   */
  @Override
  public void acknowledge(Transaction transaction)
      throws ConnectionLostException, InterruptedException, IOException {
    requireOpen();
    InFlight.Entry e = inFlight.take(transaction.id());
    if (e == null) {
      Long seq = resolved.remove(transaction.id());
      if (seq == null) {
        throw notInFlight(transaction, "acknowledge");
      }
      deleteResolved(transaction.id(), seq);
      return;
    }
    requireConnected(e.id(), "acknowledge");
    try {
      e.message().ackSync(settings.settleTimeout());
      lastAck = Instant.now();
    } catch (TimeoutException | IllegalStateException ex) {
      throw lost(e, "acknowledge", ex);
    }
  }

  /**
   * Requeues with a nak delayed by {@code nak_delay}, or dead-letters (publish to the dead-letter
   * subject with a publish ack, then terminate).
   *
   * @throws ConnectionLostException when disconnected; the server redelivers after {@code ack_wait}
   * @throws NatsConnectorException when the dead letter is not stored; the message is left
   *     unacknowledged and comes back after {@code ack_wait}
   */
  @Override
  public void reject(Transaction transaction, boolean requeue)
      throws ConnectionLostException, InterruptedException, IOException {
    rejectWith(transaction, requeue, null);
  }

  /**
   * Like {@link #reject(Transaction, boolean)}; a dead letter carries the engine's reason: {@code
   * Ergon-Error-Category} is the failure's category in lower case ({@code business}, {@code
   * system}, {@code timeout}), {@code Ergon-Error-Message} its message, {@code Ergon-Attempts} the
   * attempts made, and {@code Ergon-Handler-Error} the exception handler's failure when it failed.
   *
   * @throws ConnectionLostException when disconnected; the server redelivers after {@code ack_wait}
   * @throws NatsConnectorException when the dead letter is not stored; the message is left
   *     unacknowledged and comes back after {@code ack_wait}
   */
  @Override
  public void reject(Transaction transaction, boolean requeue, Rejection rejection)
      throws ConnectionLostException, InterruptedException, IOException {
    rejectWith(transaction, requeue, rejection);
  }

  private void rejectWith(Transaction transaction, boolean requeue, @Nullable Rejection why)
      throws ConnectionLostException, InterruptedException, IOException {
    requireOpen();
    InFlight.Entry e = inFlight.take(transaction.id());
    if (e == null) {
      Long seq = resolved.remove(transaction.id());
      if (seq == null) {
        throw notInFlight(transaction, requeue ? "requeue" : "dead-letter");
      }
      if (!requeue) {
        deadLetterResolved(transaction, seq, why);
      }
      return;
    }
    if (!requeue) {
      Map<String, @Nullable String> reason = reason(why, "rejected without requeue by the engine");
      deadLetter(e, reason);
      return;
    }
    requireConnected(e.id(), "requeue");
    try {
      if (settings.nakDelay().isZero()) {
        e.message().nak();
      } else {
        e.message().nakWithDelay(settings.nakDelay());
      }
    } catch (IllegalStateException ex) {
      throw lost(e, "requeue", ex);
    }
    flush(e, "requeue");
  }

  /** The dead letter's error headers: the engine's reason, or category {@code rejected}. */
  private static Map<String, @Nullable String> reason(@Nullable Rejection why, String otherwise) {
    Map<String, @Nullable String> r = new LinkedHashMap<>();
    if (why == null) {
      r.put(ERROR_CATEGORY, "rejected");
      r.put(ERROR_MESSAGE, otherwise);
      return r;
    }
    r.put(ERROR_CATEGORY, why.category().name().toLowerCase(Locale.ROOT));
    r.put(ERROR_MESSAGE, why.message());
    r.put("Ergon-Attempts", String.valueOf(why.attempts()));
    why.handlerFailure().ifPresent(h -> r.put("Ergon-Handler-Error", String.valueOf(h)));
    return r;
  }

  private void deleteResolved(String id, long seq) throws IOException {
    try {
      jsm.deleteMessage(settings.stream(), seq, false);
    } catch (JetStreamApiException ex) {
      if (ex.getErrorCode() != NOT_FOUND) {
        throw new NatsConnectorException(
            describe
                + ": cannot delete resolved transaction '"
                + id
                + "' ("
                + settings.stream()
                + "/"
                + seq
                + "): "
                + ex.getMessage(),
            ex);
      }
    }
  }

  private void deadLetterResolved(Transaction tx, long seq, @Nullable Rejection why)
      throws IOException {
    try {
      MessageInfo mi = jsm.getMessage(settings.stream(), seq);
      Map<String, @Nullable String> info = new LinkedHashMap<>();
      info.put(Codec.TX_ID, tx.id());
      info.put("Ergon-Original-Subject", mi.getSubject());
      info.put("Ergon-Original-Stream", settings.stream());
      info.put("Ergon-Stream-Sequence", String.valueOf(seq));
      info.putAll(reason(why, "resolved by id and rejected without requeue"));
      info.put("Ergon-Dead-Lettered-At", Instant.now().toString());
      js.publishAsync(
              deadLetterSubject(),
              Codec.deadLetterHeaders(mi.getHeaders(), info, settings.stream(), seq),
              mi.getData())
          .get(settings.settleTimeout().toMillis(), TimeUnit.MILLISECONDS);
      deadLettered.incrementAndGet();
    } catch (JetStreamApiException | ExecutionException | TimeoutException ex) {
      throw new NatsConnectorException(
          describe + ": cannot dead-letter resolved transaction '" + tx.id() + "': " + ex, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new NatsConnectorException(describe + ": interrupted", ex);
    }
    deleteResolved(tx.id(), seq);
  }

  private void flush(InFlight.Entry e, String op) throws ConnectionLostException {
    try {
      link.connection().flush(settings.settleTimeout());
    } catch (TimeoutException | IllegalStateException ex) {
      throw lost(e, op, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw lost(e, op, ex);
    }
  }

  private void requireConnected(String id, String op) throws ConnectionLostException {
    if (!link.connected()) {
      throw new ConnectionLostException(
          describe
              + ": cannot "
              + op
              + " transaction '"
              + id
              + "': the connection is "
              + link.status()
              + "; the server redelivers it after ack_wait",
          null);
    }
  }

  private ConnectionLostException lost(InFlight.Entry e, String op, Exception cause) {
    return new ConnectionLostException(
        describe
            + ": cannot "
            + op
            + " transaction '"
            + e.id()
            + "' ("
            + e.stream()
            + "/"
            + e.seq()
            + "): "
            + (cause instanceof TimeoutException
                ? "no confirmation within " + settings.settleTimeout()
                : link.scrub(String.valueOf(cause.getMessage())))
            + "; the server redelivers it after ack_wait",
        cause);
  }

  private IllegalStateException notInFlight(Transaction tx, String op) {
    return new IllegalStateException(
        describe
            + ": cannot "
            + op
            + " transaction '"
            + tx.id()
            + "': it is not in flight here (already settled, or fetched by another connector)");
  }

  /** True: {@code reject(tx, false)} publishes to the dead-letter subject, then terminates. */
  @Override
  public boolean supportsDeadLetter() {
    return true;
  }

  /**
   * Bounds each fetch by {@code concurrency} and, unless configured, sets max ack pending to it.
   */
  @Override
  public void onConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  /** The configured {@code max_ack_pending}, when it is set. */
  @Override
  public OptionalInt configuredPrefetch() {
    return settings.configuredMaxAckPending();
  }

  /**
   * State, connection status, stream, durable, in-flight count, in-progress acks and dead letters
   * sent, max ack pending, reconnects and the last fetch and acknowledgement.
   */
  @Override
  public Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("state", closed.get() ? "closed" : link.connected() ? "connected" : "disconnected");
    h.put("connection", link.status());
    h.put("stream", settings.stream());
    h.put("durable", settings.durable());
    h.put("in_flight", inFlight.size());
    h.put("in_progress_acks", inFlight.inProgressSent());
    h.put("dead_lettered", deadLettered.get());
    h.put("max_ack_pending", appliedMaxAckPending);
    h.put("reconnects", link.reconnects());
    putTime(h, "down_since", link.downSince());
    putTime(h, "last_fetch_at", lastFetch);
    putTime(h, "last_ack_at", lastAck);
    return Collections.unmodifiableMap(h);
  }

  private static void putTime(Map<String, Object> h, String key, @Nullable Instant t) {
    if (t != null) {
      h.put(key, t.toString());
    }
  }

  /**
   * Naks every message still in flight (so it is delivered again at once, to another consumer),
   * stops the in-progress timer, unsubscribes (the durable consumer stays) and closes the
   * connection. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    inFlight.close();
    List<InFlight.Entry> left = inFlight.drain();
    try {
      if (link.connected()) {
        for (InFlight.Entry e : left) {
          e.message().nak();
        }
        link.connection().flush(Duration.ofSeconds(2));
      }
    } catch (TimeoutException | RuntimeException e) {
      LOG.debug("{}: naks on close not confirmed: {}", describe, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      subscription.unsubscribe();
    } catch (RuntimeException e) {
      LOG.debug("{}: unsubscribe failed: {}", describe, e.toString());
    }
    link.close();
    resolved.clear();
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException(describe + " is closed");
    }
  }
}
