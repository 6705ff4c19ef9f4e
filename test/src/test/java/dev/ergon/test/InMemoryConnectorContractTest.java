package dev.ergon.test;

import dev.ergon.connector.Connector;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The reference connector passes the conformance kit: each consumer is its own channel. */
class InMemoryConnectorContractTest extends ConnectorContractTest {
  private final Map<String, InMemoryConnector> queues = new ConcurrentHashMap<>();

  @Override
  protected Connector open(String destination) {
    return queues.computeIfAbsent(destination, d -> new InMemoryConnector()).channel();
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all();
  }

  @Override
  protected List<String> deadLetteredIds(String destination) {
    return queues.get(destination).deadLettered().stream().map(t -> t.id()).toList();
  }
}
