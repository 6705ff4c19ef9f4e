package dev.ergon.connector.jdbc;

import dev.ergon.connector.Connector;
import dev.ergon.test.ConnectorContractTest;
import dev.ergon.transaction.Transaction;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The SQL queue on its embedded database (SQLite, file-backed) passes the conformance kit. */
class EmbeddedQueueContractTest extends ConnectorContractTest {
  @TempDir static Path dir;

  private static Path file() {
    return dir.resolve("data").resolve("queue.db");
  }

  @Override
  protected Connector open(String destination) {
    return new JdbcQueueConnector(Db.embedded(file(), destination).build());
  }

  @Override
  protected Capabilities capabilities() {
    return Capabilities.all().redeliveryWithin(Duration.ofSeconds(5));
  }

  @Override
  protected List<String> deadLetteredIds(String destination) throws Exception {
    try (JdbcQueueConnector reader =
        new JdbcQueueConnector(Db.embedded(file(), destination).build())) {
      return reader.deadLettered().stream().map(Transaction::id).toList();
    }
  }

  @Override
  protected void drop(String destination) throws Exception {
    try (Connection c = Db.sqlite(file());
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + destination);
    }
  }
}
