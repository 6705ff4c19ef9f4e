package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.ergon.connector.Connector;
import dev.ergon.connector.jdbc.JdbcQueueConfig;
import dev.ergon.connector.jdbc.JdbcQueueConnector;
import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.Engine;
import dev.ergon.engine.RunReport;
import dev.ergon.examples.orders.OrderQueue;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.test.TelemetryRecorder;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A known secret inside connection URIs and password settings never reaches what a run leaves
 * behind: log events (message, arguments, exceptions, MDC, key-values, at every level down to
 * DEBUG), span and metric data (names, attributes, events, status), the connectors' health and the
 * exceptions thrown at the caller — on a run that works and on connections that fail.
 */
class SecretsSweepTest {
  private static final String SECRET = "Zq7-s3cr3t-Pw";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private Level rootLevel = Level.INFO;
  private final List<Appender<ILoggingEvent>> console = new ArrayList<>();
  private final TelemetryRecorder telemetry = TelemetryRecorder.create();
  private final List<String> leftBehind = new ArrayList<>();

  @BeforeEach
  void capture() {
    rootLevel = root.getLevel();
    // every level is captured, none printed: the console appenders wait until the test ends
    root.iteratorForAppenders().forEachRemaining(console::add);
    console.forEach(root::detachAppender);
    root.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void release() {
    root.detachAppender(logs);
    root.setLevel(rootLevel);
    console.forEach(root::addAppender);
    telemetry.close();
  }

  @Test
  void aRunOnPostgresqlWithThePasswordInItsUrlLeavesItNowhere() throws Exception {
    String table = "secrets_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    JdbcQueueConfig config =
        JdbcQueueConfig.builder("jdbc:postgresql://127.0.0.1:5432/test?password=" + SECRET)
            .username("postgres")
            .password(SECRET)
            .table(table)
            .idleWait(Duration.ZERO)
            .build();
    leftBehind.add(config.toString());
    try (JdbcQueueConnector queue = new JdbcQueueConnector(config)) {
      List<Transaction> orders = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        orders.add(Transaction.of("order-" + i, Map.of("n", i)));
      }
      queue.dispatchTransactions(orders);
      RunReport report;
      try (Engine engine =
          Engine.builder("secrets").openTelemetry(telemetry.openTelemetry()).build()) {
        ConsumerPolicy policy =
            ConsumerPolicy.builder("consumer")
                .concurrency(4)
                .batchSize(10)
                .processRetry(RetryPolicy.builder().maxAttempts(2).build())
                .build();
        report = engine.consume(new FailingEveryFifth(), policy, queue, "input");
        leftBehind.add(String.valueOf(engine.health()));
      }
      leftBehind.add(String.valueOf(queue.health()));
      leftBehind.add(String.valueOf(queue.deadLettered()));
      assertThat(report.succeeded()).isEqualTo(16);
      assertThat(report.failedUnhandled()).isEqualTo(4); // both paths ran: success, dead letter
    } finally {
      try (java.sql.Connection c = java.sql.DriverManager.getConnection(Ledger.DEFAULT_URL);
          java.sql.Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + table);
      }
    }

    assertNothingShowsTheSecret();
  }

  @Test
  void anUnreachableDatabaseFailsWithoutShowingThePassword() {
    JdbcQueueConfig config =
        JdbcQueueConfig.builder("jdbc:postgresql://127.0.0.1:1/test?password=" + SECRET)
            .username("postgres")
            .password(SECRET)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    assertThatThrownBy(() -> new JdbcQueueConnector(config).close())
        .satisfies(e -> leftBehind.add(chain(e)));
    assertNothingShowsTheSecret();
  }

  @Test
  void aRefusedRabbitmqPasswordFailsWithoutShowingIt() {
    OrderQueue rabbit =
        OrderQueue.rabbitmq("amqp://guest:" + SECRET + "@127.0.0.1:5672/%2f", "secrets_probe");

    assertThatThrownBy(() -> rabbit.open().close()).satisfies(e -> leftBehind.add(chain(e)));
    assertNothingShowsTheSecret();
  }

  @Test
  void aRedisPasswordTheServerRefusesIsNotShown() {
    OrderQueue redis = OrderQueue.redis("redis://:" + SECRET + "@127.0.0.1:6379", "secrets_probe");

    try (Connector c = redis.open()) {
      c.countTransactions(); // the shared server has no password: AUTH fails here or at open
    } catch (Exception e) {
      leftBehind.add(chain(e));
    }
    assertNothingShowsTheSecret();
  }

  private void assertNothingShowsTheSecret() {
    List<String> seen = new ArrayList<>(leftBehind);
    for (ILoggingEvent e : logs.list) {
      seen.add(
          e.getLevel()
              + " "
              + e.getLoggerName()
              + " "
              + e.getFormattedMessage()
              + " "
              + e.getMDCPropertyMap()
              + " "
              + e.getKeyValuePairs()
              + (e.getThrowableProxy() == null
                  ? ""
                  : " " + ThrowableProxyUtil.asString(e.getThrowableProxy())));
    }
    seen.add(String.valueOf(telemetry.spans()));
    seen.add(String.valueOf(telemetry.metrics()));
    seen.add(String.valueOf(telemetry.logs()));
    assertThat(logs.list).as("the run logged (the sweep looked at something)").isNotEmpty();
    for (String s : seen) {
      assertThat(s).doesNotContain(SECRET);
    }
  }

  private static String chain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t).append(" | ");
      for (Throwable s : t.getSuppressed()) {
        sb.append(s).append(" | ");
      }
    }
    return sb.toString();
  }

  /** Succeeds, but for every fifth order, which fails in processing and in its handler. */
  private static final class FailingEveryFifth implements ConsumerHooks<Integer> {
    @Override
    public Integer processTransaction(Transaction tx) {
      int n = Integer.parseInt(tx.id().substring("order-".length()));
      if (n % 5 == 0) {
        throw new IllegalStateException("order " + n + " cannot be processed");
      }
      return n;
    }

    @Override
    public void handleProcessSuccess(Transaction tx, Integer result) {}

    @Override
    public void handleProcessException(Transaction tx, TransactionException error) {
      throw new IllegalStateException("no one can handle " + tx.id(), error);
    }
  }
}
