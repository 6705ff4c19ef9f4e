package dev.ergon.examples.orders;

import dev.ergon.connector.Connector;
import dev.ergon.connector.nats.NatsConnector;
import dev.ergon.connector.nats.NatsService;
import dev.ergon.connector.nats.NatsSettings;
import io.nats.client.JetStreamApiException;

/**
 * {@link OrderQueue#nats}: the NATS JetStream connector on stream {@code <name>} (created when
 * missing, subjects {@code <name>.orders} and the dead letters' {@code <name>.orders.dead}) through
 * the durable pull consumer {@code <name>-workers}, whose ack wait is {@link OrderQueue#LEASE}.
 * Purging and deleting use the JetStream management API of a {@link NatsService}.
 */
final class NatsQueue implements OrderQueue {
  private final String url;
  private final String stream;

  NatsQueue(String url, String stream) {
    this.url = url;
    this.stream = stream;
  }

  private NatsSettings settings() {
    return NatsSettings.builder().url(url).stream(stream)
        .subject(stream + ".orders")
        .durable(stream + "-workers")
        .createStream(true)
        .ackWait(LEASE)
        .connectionName("ergon-demo")
        .build();
  }

  @Override
  public Connector open() {
    return new NatsConnector(settings());
  }

  @Override
  public void prepare() {
    new NatsConnector(settings()).close(); // creates the stream and the durable consumer
  }

  @Override
  public long pending() throws Exception {
    try (NatsConnector c = new NatsConnector(settings())) {
      return c.countTransactions();
    }
  }

  @Override
  public void clear() throws Exception {
    try (NatsService nats = new NatsService(settings())) {
      nats.jetStreamManagement().purgeStream(stream);
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() != 404) {
        throw e;
      }
    }
  }

  @Override
  public void delete() throws Exception {
    try (NatsService nats = new NatsService(settings())) {
      nats.jetStreamManagement().deleteStream(stream);
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() != 404) {
        throw e;
      }
    }
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public String describe() {
    return "nats " + settings().urls() + " (stream " + stream + ", subject " + stream + ".orders)";
  }
}
