package dev.ergon.connector.rabbitmq;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.Connector;
import dev.ergon.connector.rabbitmq.internal.Acks;
import dev.ergon.connector.rabbitmq.internal.Delivery;
import dev.ergon.connector.rabbitmq.internal.InFlight;
import dev.ergon.connector.rabbitmq.internal.Link;
import dev.ergon.connector.rabbitmq.internal.Messages;
import dev.ergon.connector.rabbitmq.internal.Publisher;
import dev.ergon.connector.rabbitmq.internal.Subscriber;
import dev.ergon.connector.rabbitmq.internal.Topology;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connector} on RabbitMQ (the official amqp-client): consumes one or more queues through
 * one long-lived manual-ack consumer per queue, and publishes to an exchange with publisher
 * confirms, each on its own channel of one connection.
 *
 * <pre>{@code
 * // local broker, queue "orders" (declared durable), publishing back to it
 * RabbitMqConnector orders = RabbitMqConnector.queue("orders");
 *
 * RabbitMqConnector input = RabbitMqConnector.consumer(
 *     RabbitMqClientConfig.ofUri("amqps://user:secret@rabbit.internal/prod"),
 *     RabbitMqConsumerConfig.builder()
 *         .queue("orders").queueArgument("x-dead-letter-exchange", "orders.dlx")
 *         .build());
 * TaskConfig.builder("orders").connector("input", () -> input) ...
 * }</pre>
 *
 * <p><b>Start-up.</b> The constructor connects and declares (or, passive, checks) the queues and
 * the producer's exchange, so wrong credentials, an unknown queue or conflicting queue arguments
 * fail at once with a {@link RabbitMqException} naming the connector and the queue. Consumers are
 * registered on the first fetch, after the engine told its concurrency.
 *
 * <p><b>Transactions.</b> The id is the message id; a message without one gets {@code
 * <queue>:<connector instance>:<channel epoch>:<delivery tag>}, which is unique but <em>not</em>
 * stable across redeliveries (publish with message ids for that; {@link #dispatchTransactions}
 * always sets them). The payload is the body bytes ({@code payload(Order.class)} reads JSON; a
 * {@code text/*} body is a {@code String}). Metadata holds the headers under their own names (so
 * {@code traceparent} and {@code tracestate} travel both ways) and the message properties under
 * {@code rabbitmq.} ({@code rabbitmq.routing_key}, {@code rabbitmq.redelivered}, …); the {@code
 * rabbitmq.} entries are not published as headers. Delivery tags stay inside the connector.
 *
 * <p><b>Settlement.</b> {@code acknowledge} and {@code reject} run on the channel that delivered
 * the message, bounded by the ack timeout. When that channel is gone they throw {@link
 * ConnectionLostException}, and the broker redelivers. {@code reject(tx, false)} dead-letters when
 * every queue has {@code x-dead-letter-exchange}; otherwise the broker drops the message, so the
 * engine releases instead ({@link #supportsDeadLetter()} is false). Resolving a transaction by id
 * is not possible on RabbitMQ ({@link dev.ergon.connector.UnsupportedCapabilityException}).
 *
 * <p><b>Recovery.</b> After a connection loss the next fetch or dispatch reconnects (each attempt
 * bounded, attempts spaced by the recovery interval) and registers each consumer again exactly
 * once; deliveries buffered from the dead channel are discarded, as the broker redelivers them.
 *
 * <p>Thread-safe: the engine fetches from one thread while others settle and dispatch.
 */
public final class RabbitMqConnector implements Connector {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqConnector.class);

  private final Link link;
  private final @Nullable RabbitMqConsumerConfig consumerConfig;
  private final @Nullable Subscriber subscriber;
  private final @Nullable Acks acks;
  private final @Nullable Publisher publisher;
  private final InFlight inFlight = new InFlight();
  private final String instance = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile int concurrency;
  private volatile @Nullable Instant lastFetch;

  /**
   * Connects and sets up the queues and the exchange.
   *
   * @param client how to reach the broker
   * @param consumer what to consume, or null for a producer only
   * @param producer where to publish, or null for a consumer only
   * @throws RabbitMqException when it cannot connect or a queue or exchange is unavailable
   * @throws ConfigurationException when both consumer and producer are null
   */
  public RabbitMqConnector(
      RabbitMqClientConfig client,
      @Nullable RabbitMqConsumerConfig consumer,
      @Nullable RabbitMqProducerConfig producer) {
    if (consumer == null && producer == null) {
      throw new ConfigurationException(
          "RabbitMQ connector '" + client.connectionName() + "': needs a consumer or a producer");
    }
    this.link = new Link(client);
    this.consumerConfig = consumer;
    this.subscriber = consumer == null ? null : new Subscriber(link, consumer, this::prefetch);
    this.acks = subscriber == null ? null : new Acks(link, subscriber, client.ackTimeout());
    this.publisher = producer == null ? null : new Publisher(link, producer);
    try {
      Topology.setUp(link, consumer, producer);
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
  }

  /**
   * Consumes {@code queue} on a local broker (guest/guest on localhost:5672) and publishes to it.
   *
   * @param queue the queue, declared durable when missing
   * @return the connector
   */
  public static RabbitMqConnector queue(String queue) {
    return new RabbitMqConnector(
        RabbitMqClientConfig.localDefault(),
        RabbitMqConsumerConfig.queue(queue),
        RabbitMqProducerConfig.toQueue(queue));
  }

  /**
   * A connector that only consumes.
   *
   * @param client how to reach the broker
   * @param consumer what to consume
   * @return the connector
   */
  public static RabbitMqConnector consumer(
      RabbitMqClientConfig client, RabbitMqConsumerConfig consumer) {
    return new RabbitMqConnector(client, consumer, null);
  }

  /**
   * A connector that only publishes.
   *
   * @param client how to reach the broker
   * @param producer where to publish
   * @return the connector
   */
  public static RabbitMqConnector producer(
      RabbitMqClientConfig client, RabbitMqProducerConfig producer) {
    return new RabbitMqConnector(client, null, producer);
  }

  /**
   * Returns the first delivery as soon as there is one (waiting up to the poll timeout when none is
   * buffered) plus whatever else is buffered, never more than {@code batchSize}.
   *
   * @throws RabbitMqException when the broker cannot be reached; the next call tries again
   */
  @Override
  public List<Transaction> fetchTransactions(int batchSize) throws InterruptedException {
    Subscriber s = require(subscriber, "fetchTransactions", "consumer");
    if (batchSize <= 0) {
      return List.of();
    }
    lastFetch = Instant.now();
    List<Delivery> deliveries = s.take(batchSize, consumerConfig.pollTimeout());
    List<Transaction> txs = new ArrayList<>(deliveries.size());
    for (Delivery d : deliveries) {
      Transaction tx = Messages.toTransaction(d, instance);
      inFlight.add(tx.id(), d);
      txs.add(tx);
    }
    return txs;
  }

  /**
   * Publishes each transaction (message id = transaction id, headers from metadata), waiting for
   * publisher confirms when they are on.
   *
   * @throws RabbitMqException when a message is not published, nacked, unroutable or unconfirmed;
   *     part of the list may have been published, so a retry may duplicate (at-least-once)
   */
  @Override
  public void dispatchTransactions(List<Transaction> transactions) throws InterruptedException {
    require(publisher, "dispatchTransactions", "producer").publish(transactions);
  }

  /** Ready messages of all subscribed queues (a passive declare); unacked ones are not counted. */
  @Override
  public long countTransactions() throws IOException {
    require(subscriber, "countTransactions", "consumer");
    return link.withChannel(
        ch -> {
          long n = 0;
          for (RabbitMqSubscription s : consumerConfig.subscriptions()) {
            n += ch.queueDeclarePassive(s.queue()).getMessageCount();
          }
          return n;
        });
  }

  @Override
  public void acknowledge(Transaction transaction)
      throws ConnectionLostException, InterruptedException {
    Delivery d = inFlight(transaction, "acknowledge");
    require(acks, "acknowledge", "consumer")
        .settle(transaction.id(), d, "acknowledge", (ch, tag) -> ch.basicAck(tag, false));
  }

  @Override
  public void reject(Transaction transaction, boolean requeue)
      throws ConnectionLostException, InterruptedException {
    String op = requeue ? "requeue" : "dead-letter";
    Delivery d = inFlight(transaction, op);
    require(acks, "reject", "consumer")
        .settle(transaction.id(), d, op, (ch, tag) -> ch.basicReject(tag, requeue));
  }

  private Delivery inFlight(Transaction tx, String operation) {
    require(subscriber, operation, "consumer");
    Delivery d = inFlight.take(tx.id());
    if (d == null) {
      throw new IllegalStateException(
          link.describe()
              + ": cannot "
              + operation
              + " transaction '"
              + tx.id()
              + "': it is not in flight here (already settled, or fetched by another connector)");
    }
    return d;
  }

  /** True when every subscribed queue has {@code x-dead-letter-exchange} configured. */
  @Override
  public boolean supportsDeadLetter() {
    return consumerConfig != null && consumerConfig.deadLetters();
  }

  @Override
  public void onConcurrency(int concurrency) {
    int before = prefetch();
    this.concurrency = concurrency;
    if (subscriber != null && subscriber.live() != null && prefetch() != before) {
      LOG.info(
          "{}: prefetch {} applies from the next subscription; consumers keep {}",
          link.describe(),
          prefetch(),
          before);
    }
  }

  @Override
  public OptionalInt configuredPrefetch() {
    return consumerConfig == null ? OptionalInt.empty() : consumerConfig.configuredPrefetch();
  }

  private int prefetch() {
    if (consumerConfig != null && consumerConfig.prefetch() != null) {
      return consumerConfig.prefetch();
    }
    int c = concurrency;
    return c > 0 ? c : RabbitMqConsumerConfig.DEFAULT_PREFETCH;
  }

  /**
   * State, connection and channel status, consumers, prefetch, buffer and in-flight counts, the
   * last fetch, delivery and acknowledgement, and recovery counts.
   */
  @Override
  public Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    boolean open = link.isOpen();
    Instant down = link.downSince();
    boolean stalled =
        down != null && down.plus(link.config().maxRecoveryTime()).isBefore(Instant.now());
    String state =
        closed.get()
            ? "closed"
            : stalled ? "recovery_stalled" : open ? "connected" : "disconnected";
    h.put("state", state);
    h.put("connection_open", open);
    h.put("prefetch", prefetch());
    if (subscriber != null) {
      h.putAll(subscriber.health());
    }
    if (publisher != null) {
      h.put("publish_channel_open", publisher.isOpen());
    }
    h.put("in_flight", inFlight.size());
    h.put("reconnects", link.reconnects());
    putTime(h, "down_since", down);
    putTime(h, "last_fetch_at", lastFetch);
    putTime(h, "last_ack_at", acks == null ? null : acks.lastSettled());
    return Collections.unmodifiableMap(h);
  }

  private static void putTime(Map<String, Object> h, String key, @Nullable Instant t) {
    if (t != null) {
      h.put(key, t.toString());
    }
  }

  /**
   * Cancels the consumers, closes both channels and the connection, each step bounded by the
   * channel RPC timeout. Unsettled deliveries go back to their queues. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (subscriber != null) {
      subscriber.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    link.close();
    inFlight.clear();
  }

  private <T> T require(@Nullable T part, String operation, String what) {
    if (closed.get()) {
      throw new IllegalStateException(link.describe() + " is closed");
    }
    if (part == null) {
      throw new IllegalStateException(
          link.describe() + " has no " + what + " configuration, so it cannot " + operation);
    }
    return part;
  }
}
