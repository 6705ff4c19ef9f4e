package dev.ergon.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a nats-server of the test's own (with a password): wrong credentials and a missing stream
 * fail at start-up without leaking a secret; a server that dies makes settlement throw {@link
 * ConnectionLostException} and fetches fail (so the engine backs off); after it is back the client
 * reconnects and the unsettled message is delivered again.
 */
class NatsOutageTest {
  private static final String PASSWORD = "s3cret-" + Js.unique("pw");

  @TempDir Path store;
  private OwnServer server;
  private final List<NatsConnector> opened = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new OwnServer(store, PASSWORD);
  }

  @AfterEach
  void stop() throws Exception {
    opened.forEach(NatsConnector::close);
    server.close();
  }

  private NatsSettings.Builder settings(String stream) {
    return Js.settings(stream)
        .url(server.url())
        .user(OwnServer.USER)
        .password(PASSWORD)
        .settleTimeout(Duration.ofSeconds(2));
  }

  @Test
  void aWrongPasswordFailsAtStartUpNamingTheConnectorButNotThePassword() {
    String wrong = "wr0ng-" + Js.unique("pw");
    NatsSettings s = settings("ergon_auth").password(wrong).connectionName("orders-in").build();

    assertThatThrownBy(() -> new NatsConnector(s))
        .isInstanceOf(NatsConnectorException.class)
        .hasMessageContaining("NATS connector 'orders-in'")
        .hasMessageContaining(server.url())
        .hasMessageContaining("cannot connect")
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining(PASSWORD);
    assertThat(s.toString()).doesNotContain(wrong);
  }

  @Test
  void aMissingStreamFailsAtStartUpNamingItWhenItIsNotToBeCreated() {
    NatsSettings s = settings("ergon_missing").createStream(false).build();

    assertThatThrownBy(() -> new NatsConnector(s))
        .isInstanceOf(NatsConnectorException.class)
        .hasMessageContaining("stream 'ergon_missing' does not exist")
        .hasMessageContaining("create_stream")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void aDeadServerMakesSettlementThrowConnectionLostAndTheMessageComesBackAfterReconnect()
      throws Exception {
    NatsConnector c = new NatsConnector(settings("ergon_outage").build());
    opened.add(c);
    c.dispatchTransactions(List.of(Transaction.of("fragile", Map.of("n", 1))));
    Transaction got = fetch(c);

    server.kill();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> c.health().get("state").equals("disconnected"));

    assertThatThrownBy(() -> c.acknowledge(got))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("'fragile'")
        .hasMessageContaining("ergon_outage")
        .hasMessageNotContaining(PASSWORD);
    assertThatThrownBy(() -> c.fetchTransactions(5))
        .isInstanceOf(NatsConnectorException.class)
        .hasMessageContaining("cannot fetch");

    server.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> c.health().get("state").equals("connected"));
    Transaction again = fetch(c);
    assertThat(again.id()).isEqualTo("fragile");
    assertThat(again.metadata()).containsEntry("nats.delivered", "2");
    c.acknowledge(again);
    assertThat(c.countTransactions()).isZero();
    assertThat(c.health().get("reconnects")).isEqualTo(1);
  }

  private static Transaction fetch(NatsConnector c) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              got.addAll(c.fetchTransactions(1));
              return !got.isEmpty();
            });
    return got.get(0);
  }
}
