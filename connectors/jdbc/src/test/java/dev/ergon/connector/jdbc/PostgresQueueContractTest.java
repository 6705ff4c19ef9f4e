package dev.ergon.connector.jdbc;

import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.util.List;

/** The SQL queue on PostgreSQL passes the connector conformance kit. */
class PostgresQueueContractTest extends ConnectorContractTest {

  @Override
  protected Connector open(String destination) {
    return new JdbcQueueConnector(Db.postgres(destination).build());
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().redeliveryWithin(Duration.ofSeconds(5));
  }

  @Override
  protected List<String> deadLetteredIds(String destination) throws Exception {
    try (JdbcQueueConnector reader = new JdbcQueueConnector(Db.postgres(destination).build())) {
      return reader.deadLettered().stream().map(Transaction::id).toList();
    }
  }

  @Override
  protected void drop(String destination) throws Exception {
    Db.pgExecute("DROP TABLE IF EXISTS " + destination);
  }
}
