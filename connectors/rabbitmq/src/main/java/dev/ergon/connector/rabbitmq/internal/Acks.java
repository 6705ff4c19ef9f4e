package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.ergon.connector.ConnectionLostException;
import dev.ergon.connector.rabbitmq.RabbitMqException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Settles deliveries on the channel that delivered them, each call bounded by the ack timeout. A
 * delivery whose channel is gone, or whose settlement fails or times out because of the channel,
 * raises {@link ConnectionLostException}: the broker redelivers it. A timed-out settlement ends the
 * epoch (its channel is aborted) so that nothing stays wedged behind it. Thread-safe.
 */
public final class Acks {
  private final Link link;
  private final Subscriber subscriber;
  private final Duration timeout;
  private volatile @Nullable Instant lastSettled;

  /**
   * Creates the settlement step.
   *
   * @param link the connection, for messages
   * @param subscriber the consume side, to abandon an epoch whose settlement timed out
   * @param timeout the bound of each call
   */
  public Acks(Link link, Subscriber subscriber, Duration timeout) {
    this.link = link;
    this.subscriber = subscriber;
    this.timeout = timeout;
  }

  /** A settlement call on a channel. */
  @FunctionalInterface
  public interface Call {
    /**
     * Runs the call.
     *
     * @param channel the delivering channel
     * @param tag the delivery tag
     * @throws IOException when the channel fails
     */
    void run(Channel channel, long tag) throws IOException;
  }

  /**
   * Settles {@code d} with {@code call}.
   *
   * @param txId the transaction id, for messages
   * @param d the delivery
   * @param operation e.g. {@code acknowledge}, for messages
   * @param call the client call
   * @throws ConnectionLostException when the channel is gone or does not answer in time
   * @throws InterruptedException when interrupted while waiting
   */
  public void settle(String txId, Delivery d, String operation, Call call)
      throws ConnectionLostException, InterruptedException {
    ConsumeEpoch ep = d.epoch();
    if (!ep.isLive()) {
      throw lost(
          txId,
          d,
          operation,
          "its channel is closed (connection lost or consumer cancelled)",
          null);
    }
    CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("ergon-rabbitmq-settle")
        .start(
            () -> {
              try {
                call.run(ep.channel(), d.tag());
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            });
    try {
      done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      lastSettled = Instant.now();
    } catch (TimeoutException e) {
      subscriber.abandon(ep, operation + " of delivery " + d.tag() + " timed out after " + timeout);
      throw lost(txId, d, operation, "no answer within " + timeout, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException || cause instanceof ShutdownSignalException) {
        throw lost(txId, d, operation, Errors.describe(cause), cause);
      }
      throw new RabbitMqException(
          link.describe() + ": cannot " + operation + " transaction '" + txId + "': " + cause,
          cause);
    }
  }

  private ConnectionLostException lost(
      String txId, Delivery d, String operation, String why, @Nullable Throwable cause) {
    return new ConnectionLostException(
        link.describe()
            + ": cannot "
            + operation
            + " transaction '"
            + txId
            + "' (queue '"
            + d.queue()
            + "', delivery tag "
            + d.tag()
            + ", channel epoch "
            + d.epoch().id()
            + "): "
            + why
            + "; the broker will redeliver it",
        cause);
  }

  /**
   * When the last settlement succeeded.
   *
   * @return the instant, or null
   */
  public @Nullable Instant lastSettled() {
    return lastSettled;
  }
}
