package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import dev.ergon.connector.rabbitmq.RabbitMqException;
import dev.ergon.connector.rabbitmq.RabbitMqProducerConfig;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The publish side, on its own channel so that a consumer-side failure cannot poison publishing.
 * Dispatches are serialised; with confirms on, each waits until the broker has confirmed every
 * message of its batch. Thread-safe.
 */
public final class Publisher implements AutoCloseable {
  private final Link link;
  private final RabbitMqProducerConfig config;
  private final Set<String> returned = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Channel channel;

  /**
   * Creates the publish side; it opens its channel on first use.
   *
   * @param link the connection
   * @param config the producer settings
   */
  public Publisher(Link link, RabbitMqProducerConfig config) {
    this.link = link;
    this.config = config;
  }

  /**
   * Publishes the transactions in order and, with confirms, waits for the broker's confirms.
   *
   * @param txs the transactions
   * @throws RabbitMqException when publishing fails, a message is nacked, unroutable or not
   *     confirmed in time (some of the batch may have been published: at-least-once)
   * @throws InterruptedException when interrupted while waiting for confirms
   */
  public synchronized void publish(List<Transaction> txs) throws InterruptedException {
    if (txs.isEmpty()) {
      return;
    }
    Channel ch = channel();
    returned.clear();
    try {
      for (Transaction tx : txs) {
        ch.basicPublish(
            config.exchange(),
            config.routingKey(),
            config.mandatory(),
            Messages.properties(tx, config),
            Messages.body(tx));
      }
      if (config.confirms()) {
        ch.waitForConfirmsOrDie(config.confirmTimeout().toMillis());
      }
    } catch (TimeoutException e) {
      throw failure("not confirmed within " + config.confirmTimeout(), txs, e);
    } catch (IOException | RuntimeException e) {
      throw failure(Errors.describe(e), txs, e);
    }
    if (!returned.isEmpty()) {
      throw failure(
          returned.size()
              + " message(s) reached no queue, e.g. '"
              + returned.iterator().next()
              + "'",
          txs,
          null);
    }
  }

  private RabbitMqException failure(String why, List<Transaction> txs, @Nullable Throwable cause) {
    return new RabbitMqException(
        link.describe()
            + ": publishing "
            + txs.size()
            + " transaction(s) to exchange '"
            + config.exchange()
            + "' with routing key '"
            + config.routingKey()
            + "' failed: "
            + why,
        cause);
  }

  private Channel channel() {
    Channel ch = channel;
    if (ch != null && ch.isOpen()) {
      return ch;
    }
    Channel fresh = null;
    try {
      fresh = link.connection().createChannel();
      if (config.confirms()) {
        fresh.confirmSelect();
      }
      fresh.addReturnListener(r -> returned.add(String.valueOf(r.getProperties().getMessageId())));
      channel = fresh;
      return fresh;
    } catch (IOException e) {
      if (fresh != null) {
        Channels.abortQuietly(fresh);
      }
      throw new RabbitMqException(
          link.describe() + ": cannot open the publish channel: " + Errors.describe(e), e);
    }
  }

  /**
   * Whether the publish channel is open.
   *
   * @return true when open
   */
  public boolean isOpen() {
    Channel ch = channel;
    return ch != null && ch.isOpen();
  }

  /** Closes the publish channel. */
  @Override
  public synchronized void close() {
    Channel ch = channel;
    channel = null;
    if (ch != null) {
      Channels.closeQuietly(ch);
    }
  }
}
