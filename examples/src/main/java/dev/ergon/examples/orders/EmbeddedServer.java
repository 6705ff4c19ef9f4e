package dev.ergon.examples.orders;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * A server started inside this process on 127.0.0.1 for the demo's queues when no address is given:
 * an ElasticMQ server (SQS-compatible), a one-node KRaft broker (Kafka) or an {@link OrdersApi}
 * (HTTP). Neither keeps anything after it stops.
 *
 * <pre>{@code
 * try (EmbeddedServer kafka = EmbeddedServer.kafka()) {
 *   OrderQueue queue = OrderQueue.kafka(kafka.address(), "orders");
 * }
 * }</pre>
 */
public final class EmbeddedServer implements AutoCloseable {
  private final String address;
  private final AutoCloseable stop;

  private EmbeddedServer(String address, AutoCloseable stop) {
    this.address = address;
    this.stop = stop;
  }

  /**
   * Starts an ElasticMQ server on a free port.
   *
   * @return the server; its address is the endpoint URL, {@code http://127.0.0.1:<port>}
   */
  public static EmbeddedServer sqs() {
    SQSRestServer s = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = s.waitUntilStarted().localAddress().getPort();
    return new EmbeddedServer("http://127.0.0.1:" + port, s::stopAndWait);
  }

  /**
   * Starts an {@link OrdersApi} (the demo's HTTP queue's API) on a free port.
   *
   * @return the server; its address is the API's URL, {@code http://127.0.0.1:<port>}
   */
  public static EmbeddedServer http() {
    OrdersApi api = OrdersApi.serve();
    return new EmbeddedServer(api.url(), api);
  }

  /**
   * Starts a one-node KRaft broker (combined broker and controller, replication factors 1) with a
   * temporary log directory, on a free port.
   *
   * @return the broker; its address is the bootstrap servers, {@code 127.0.0.1:<port>}
   * @throws IllegalStateException when it does not start
   */
  public static EmbeddedServer kafka() {
    try {
      KafkaClusterTestKit kit =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("offsets.topic.num.partitions", "4")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .build();
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      return new EmbeddedServer(kit.bootstrapServers(), kit);
    } catch (Exception e) {
      throw new IllegalStateException("the in-process Kafka broker did not start: " + e, e);
    }
  }

  /**
   * Where clients reach it.
   *
   * @return the SQS endpoint URL, the Kafka bootstrap servers or the orders API's URL
   */
  public String address() {
    return address;
  }

  /** Stops the server. */
  @Override
  public void close() {
    try {
      stop.close();
    } catch (Exception e) {
      throw new IllegalStateException("the in-process server at " + address + " did not stop", e);
    }
  }
}
