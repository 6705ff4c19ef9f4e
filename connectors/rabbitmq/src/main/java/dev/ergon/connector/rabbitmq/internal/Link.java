package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import dev.ergon.connector.rabbitmq.RabbitMqClientConfig;
import dev.ergon.connector.rabbitmq.RabbitMqException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's one connection, opened on demand: the first call connects, and after the
 * connection is lost the next call reconnects. Each attempt is bounded by the connect timeout, and
 * after a failed attempt the next waits for the recovery interval (calls in between fail at once).
 * The client's own automatic recovery is off: a dead connection takes its channels and consumers
 * with it, so nothing is restored twice. Thread-safe.
 */
public final class Link implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Link.class);

  private final RabbitMqClientConfig config;
  private final ConnectionFactory factory;
  private final AtomicInteger opened = new AtomicInteger();
  private volatile @Nullable Connection connection;
  private long nextAttemptNanos;
  private volatile @Nullable Instant downSince;
  private volatile String lastError = "";
  private volatile boolean closed;

  /**
   * Creates the link; it connects on first use.
   *
   * @param config the client settings
   */
  public Link(RabbitMqClientConfig config) {
    this.config = config;
    this.factory = Factories.create(config);
  }

  /**
   * Names the connector in messages.
   *
   * @return e.g. {@code RabbitMQ connector 'ergon' (amqp://guest@localhost:5672//)}
   */
  public String describe() {
    return "RabbitMQ connector '" + config.connectionName() + "' (" + config.address() + ")";
  }

  /**
   * The client settings.
   *
   * @return the config
   */
  public RabbitMqClientConfig config() {
    return config;
  }

  /**
   * The open connection, connecting when there is none.
   *
   * @return an open connection
   * @throws RabbitMqException when it cannot connect, or a reconnect attempt is not due yet
   */
  public synchronized Connection connection() {
    if (closed) {
      throw new IllegalStateException(describe() + " is closed");
    }
    Connection c = connection;
    if (c != null && c.isOpen()) {
      return c;
    }
    long now = System.nanoTime();
    if (opened.get() > 0 && now < nextAttemptNanos) {
      throw new RabbitMqException(
          describe()
              + ": connection lost"
              + downFor()
              + "; reconnecting in "
              + Duration.ofNanos(nextAttemptNanos - now).toMillis()
              + " ms (last error: "
              + lastError
              + ")",
          null);
    }
    try {
      Connection fresh = factory.newConnection(config.connectionName());
      fresh.addShutdownListener(signal -> lost(signal));
      connection = fresh;
      if (opened.getAndIncrement() > 0) {
        LOG.info("{}: reconnected{}", describe(), downFor());
      }
      downSince = null;
      return fresh;
    } catch (IOException | TimeoutException | RuntimeException e) {
      nextAttemptNanos = now + config.recoveryInterval().toNanos();
      if (downSince == null) {
        downSince = Instant.now();
      }
      lastError = Errors.describe(e);
      throw new RabbitMqException(describe() + ": cannot connect: " + lastError, e);
    }
  }

  private void lost(ShutdownSignalException signal) {
    if (signal.isInitiatedByApplication() && closed) {
      return;
    }
    downSince = Instant.now();
    lastError = Errors.describe(signal);
    LOG.warn("{}: connection lost ({}); it reconnects on next use", describe(), lastError);
  }

  private String downFor() {
    Instant since = downSince;
    return since == null ? "" : " (down since " + since + ")";
  }

  /**
   * Runs {@code action} on a short-lived channel, closed afterwards.
   *
   * @param action what to do
   * @param <T> the result type
   * @return its result
   * @throws IOException when the broker refuses
   */
  public <T> T withChannel(ChannelCall<T> action) throws IOException {
    Channel ch = connection().createChannel();
    try {
      return action.call(ch);
    } finally {
      Channels.closeQuietly(ch);
    }
  }

  /** A call on a channel. */
  @FunctionalInterface
  public interface ChannelCall<T> {
    /**
     * Runs the call.
     *
     * @param channel the channel
     * @return the result
     * @throws IOException when the broker refuses
     */
    T call(Channel channel) throws IOException;
  }

  /**
   * Whether the connection is open now.
   *
   * @return true when open
   */
  public boolean isOpen() {
    Connection c = connection;
    return c != null && c.isOpen();
  }

  /**
   * Since when the connection has been down, if it is.
   *
   * @return the instant, or null when up (or never lost)
   */
  public @Nullable Instant downSince() {
    return downSince;
  }

  /**
   * How many times the connection was re-opened after the first.
   *
   * @return the reconnect count
   */
  public int reconnects() {
    return Math.max(0, opened.get() - 1);
  }

  /** Closes the connection, bounded by the channel RPC timeout. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    Connection c = connection;
    connection = null;
    if (c != null && c.isOpen()) {
      try {
        c.close((int) config.channelRpcTimeout().toMillis());
      } catch (IOException | RuntimeException e) {
        LOG.debug("{}: close failed, aborting: {}", describe(), Errors.describe(e));
        c.abort((int) config.channelRpcTimeout().toMillis());
      }
    }
  }
}
