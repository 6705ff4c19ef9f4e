package dev.ergon.connector.nats;

import dev.ergon.connector.nats.internal.Link;
import dev.ergon.service.Service;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import java.io.IOException;

/**
 * A NATS connection for tasks that publish, request or manage streams themselves: the {@link
 * Connection}, {@link JetStream} and {@link JetStreamManagement} of jnats, reached with the
 * servers, credentials, connection name and request timeout ({@code settle_timeout}) of {@link
 * NatsSettings}; the stream, subject and durable settings are not used. The client reconnects
 * endlessly. The runner closes it when the worker stops.
 *
 * <pre>{@code
 * NatsService nats = new NatsService(settings);
 * nats.jetStream().publish("audit.orders", bytes);
 * }</pre>
 */
public final class NatsService implements Service {
  private final Link link;
  private final JetStream js;
  private final JetStreamManagement jsm;

  /**
   * Connects.
   *
   * @param settings the servers, credentials, connection name and request timeout
   * @throws NatsConnectorException when it cannot connect (the message names the servers, never a
   *     credential)
   */
  public NatsService(NatsSettings settings) {
    String describe =
        "NATS service '"
            + settings.connectionName()
            + "' ("
            + settings.urls().stream().map(NatsSettings::masked).toList()
            + ")";
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
    try {
      this.js = link.connection().jetStream(Link.jetStreamOptions(settings.settleTimeout()));
      this.jsm =
          link.connection().jetStreamManagement(Link.jetStreamOptions(settings.settleTimeout()));
    } catch (IOException e) {
      link.close();
      throw new NatsConnectorException(describe + ": JetStream is not available: " + e, e);
    }
  }

  /**
   * The connection.
   *
   * @return it
   */
  public Connection connection() {
    return link.connection();
  }

  /**
   * JetStream publishing and subscribing.
   *
   * @return the JetStream context
   */
  public JetStream jetStream() {
    return js;
  }

  /**
   * JetStream management: streams, consumers, messages by sequence.
   *
   * @return the management context
   */
  public JetStreamManagement jetStreamManagement() {
    return jsm;
  }

  /** Closes the connection. Idempotent. */
  @Override
  public void close() {
    link.close();
  }
}
