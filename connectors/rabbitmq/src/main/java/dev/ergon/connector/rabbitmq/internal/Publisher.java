package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import dev.ergon.connector.Utf8Check;
import dev.ergon.connector.rabbitmq.RabbitMqException;
import dev.ergon.connector.rabbitmq.RabbitMqProducerConfig;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The publish side, on its own channel so that a consumer-side failure cannot poison publishing.
 * Publishing is serialised on the channel; with confirms on, each dispatch then waits, outside the
 * lock, until the broker has confirmed every message of its batch, so concurrent dispatches share
 * the broker's confirms (the broker acknowledges many at once) instead of waiting one after
 * another. Thread-safe.
 */
public final class Publisher implements AutoCloseable {
  private final Link link;
  private final RabbitMqProducerConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile @Nullable Confirms confirms;
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
  public void publish(List<Transaction> txs) throws InterruptedException {
    if (txs.isEmpty()) {
      return;
    }
    List<Confirms.Pending> pending = new ArrayList<>(txs.size());
    Confirms tracker = null;
    try {
      for (Transaction tx : txs) {
        Utf8Check.require(tx); // all before the first publish: a failed batch published nothing
      }
    } catch (IllegalArgumentException e) {
      throw failure(e.getMessage(), txs, e);
    }
    lock.lockInterruptibly();
    try {
      Channel ch = channel();
      tracker = confirms;
      for (Transaction tx : txs) {
        if (tracker != null) {
          pending.add(
              tracker.publish(
                  config.exchange(),
                  config.routingKey(),
                  config.mandatory(),
                  Messages.properties(tx, config),
                  Messages.body(tx)));
        } else {
          ch.basicPublish(
              config.exchange(),
              config.routingKey(),
              config.mandatory(),
              Messages.properties(tx, config),
              Messages.body(tx));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw failure(Errors.describe(e), txs, e);
    } finally {
      lock.unlock();
    }
    if (tracker != null) {
      await(tracker, pending, txs);
    }
  }

  private void await(Confirms tracker, List<Confirms.Pending> pending, List<Transaction> txs)
      throws InterruptedException {
    CompletableFuture<?>[] all = new CompletableFuture<?>[pending.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = pending.get(i).settled;
    }
    try {
      CompletableFuture.allOf(all).get(config.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.forEach(tracker::abandon);
      throw failure("not confirmed within " + config.confirmTimeout(), txs, e);
    } catch (ExecutionException e) {
      // allOf fails with the first failure; name what failed over the whole batch
      throw refused(pending, txs, e.getCause());
    }
  }

  private RabbitMqException refused(
      List<Confirms.Pending> pending, List<Transaction> txs, @Nullable Throwable first) {
    List<String> unroutable = new ArrayList<>();
    int nacked = 0;
    Throwable other = null;
    for (Confirms.Pending p : pending) {
      Throwable why = p.settled.state() == Future.State.FAILED ? p.settled.exceptionNow() : null;
      if (why instanceof Confirms.Refused r) {
        if (r.unroutable) {
          unroutable.add(p.messageId);
        } else {
          nacked++;
        }
      } else if (why != null && other == null) {
        other = why;
      }
    }
    if (!unroutable.isEmpty()) {
      return failure(
          unroutable.size() + " message(s) reached no queue, e.g. '" + unroutable.get(0) + "'",
          txs,
          null);
    }
    if (nacked > 0) {
      return failure(nacked + " message(s) nacked by the broker", txs, null);
    }
    Throwable cause = other != null ? other : first;
    return failure(cause == null ? "unknown" : Errors.describe(cause), txs, cause);
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

  /** The open publish channel (opened, with its confirm tracker, when needed). Under the lock. */
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
        confirms = new Confirms(fresh);
      } else {
        confirms = null;
      }
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

  /** Closes the publish channel; dispatches still waiting for confirms fail. */
  @Override
  public void close() {
    lock.lock();
    try {
      Channel ch = channel;
      channel = null;
      confirms = null;
      if (ch != null) {
        Channels.closeQuietly(ch);
      }
    } finally {
      lock.unlock();
    }
  }
}
