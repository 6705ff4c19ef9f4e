package dev.ergon.connector.nats;

import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The NATS connector passes the conformance kit against the server on 127.0.0.1:4222: each test
 * gets its own stream (created by the connector, subjects {@code <dest>.in} and {@code
 * <dest>.in.dead}); two consumers share one durable.
 */
class NatsContractTest extends ConnectorContractTest {
  private static Js js;

  @BeforeAll
  static void connect() throws Exception {
    js = new Js();
  }

  @AfterAll
  static void disconnect() throws Exception {
    js.close();
  }

  @Override
  protected Connector open(String destination) {
    return new NatsConnector(Js.settings(destination).build());
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all();
  }

  @Override
  protected List<String> deadLetteredIds(String destination) throws Exception {
    return js.deadIds(destination, destination + ".in.dead");
  }

  @Override
  protected void drop(String destination) {
    js.deleteStream(destination);
  }
}
