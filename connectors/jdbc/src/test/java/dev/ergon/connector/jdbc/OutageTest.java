package dev.ergon.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When the database goes away under a held batch, the settlements after the first one that lost its
 * connection fail at once as redeliveries, instead of each waiting the pool's connect timeout; once
 * the database answers again, so does the queue. The outage is a switch in front of the real
 * PostgreSQL driver: while it is off, new connections are refused and open ones fail as broken.
 */
class OutageTest {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private final String table = Backend.table("outage");
  private final Switch database = new Switch();
  private JdbcQueueConnector queue;

  @AfterEach
  void cleanUp() throws Exception {
    database.up = true;
    if (queue != null) {
      queue.close();
    }
    Db.pgExecute("DROP TABLE IF EXISTS " + table);
  }

  @Test
  void settlementsFailFastWhileTheDatabaseIsDownAndWorkAgainOnceItIsBack() throws Exception {
    queue =
        new JdbcQueueConnector(
            JdbcQueueConfig.builder(database)
                .table(table)
                .connectTimeout(CONNECT_TIMEOUT)
                .maxPoolSize(4)
                .idleWait(Duration.ZERO)
                .build());
    List<Transaction> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(Transaction.of("o-" + i, Map.of("i", i)));
    }
    queue.dispatchTransactions(sent);
    List<Transaction> held = queue.fetchTransactions(20);
    assertThat(held).hasSize(20);

    database.up = false;
    long t0 = System.nanoTime();
    for (Transaction tx : held) {
      assertThatThrownBy(() -> queue.acknowledge(tx))
          .isInstanceOf(ConnectionLostException.class)
          .hasMessageContaining("'" + tx.id() + "'")
          .hasMessageContaining("unreachable");
    }
    Duration all = Duration.ofNanos(System.nanoTime() - t0);
    // one settlement (or a few, one per probe interval) waits the connect timeout, not all 20
    assertThat(all).isLessThan(CONNECT_TIMEOUT.multipliedBy(5));
    assertThat(queue.health().get("database_unreachable_ms")).isNotEqualTo(0L);

    database.up = true;
    queue.dispatchTransactions(List.of(Transaction.of("after", 1)));
    List<Transaction> again = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(
            () -> {
              again.addAll(queue.fetchTransactions(10));
              return again.stream().anyMatch(t -> t.id().equals("after"));
            });
    for (Transaction tx : again) {
      queue.acknowledge(tx);
    }
    assertThat(queue.health().get("database_unreachable_ms")).isEqualTo(0L);
  }

  /** The real driver behind an on/off switch. */
  private static final class Switch implements DataSource {
    volatile boolean up = true;

    @Override
    public Connection getConnection() throws SQLException {
      if (!up) {
        throw new SQLException("Connection refused (the test switched the database off)", "08001");
      }
      Connection real = DriverManager.getConnection(Db.PG_URL, Db.PG_USER, "");
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                String m = method.getName();
                if (!up && !m.equals("close") && !m.equals("isClosed")) {
                  if (m.equals("isValid")) {
                    return false;
                  }
                  throw new SQLException("I/O error (the test switched the database off)", "08006");
                }
                try {
                  return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return new PrintWriter(System.err);
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
