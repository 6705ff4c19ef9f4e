package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ergon.ConfigurationException;
import dev.ergon.connector.ConnectionLostException;
import dev.ergon.transaction.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint and resume: process part, close, reopen. */
class HttpCheckpointTest {
  private final ApiServer api = new ApiServer();
  private final String col = "cp" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  HttpCheckpointTest() throws Exception {}

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpSettings settings() {
    return HttpSettings.builder()
        .url(api.items(col) + "?limit=3")
        .pagination(Pagination.LINK)
        .itemsPointer("/data")
        .checkpointFile(dir.resolve("state/orders.checkpoint.json"))
        .pollInterval(Duration.ofMillis(50))
        .build();
  }

  @Test
  void aRestartResumesAtTheFirstPageWithAnUnacknowledgedItemAndSkipsWhatWasAcknowledgedThere()
      throws Exception {
    api.addNumbered(col, "it-", 0, 10); // pages: 0-2, 3-5, 6-8, 9
    String page2;
    try (HttpConnector first = new HttpConnector(settings())) {
      assertThat(Drain.ackAll(first, 3, 3)).containsExactly("it-0", "it-1", "it-2");
      List<Transaction> second = Drain.fetch(first, 3, 3);
      assertThat(second).extracting(Transaction::id).containsExactly("it-3", "it-4", "it-5");
      first.acknowledge(second.get(0));
      first.acknowledge(second.get(2)); // it-4 stays unacknowledged
      page2 = api.gets(col).get(1).uri();
      // a page read ahead does not move the checkpoint past it-4 either
      List<Transaction> third = Drain.fetch(first, 3, 3);
      third.forEach(
          tx -> {
            try {
              first.acknowledge(tx);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
    }
    JsonNode cp = ApiServer.JSON.readTree(settings().checkpointFile().toFile());
    assertThat(cp.get("url").asText()).endsWith(page2.substring(page2.indexOf('?')));
    assertThat(cp.get("passed").asLong()).isEqualTo(3);
    assertThat(cp.get("done"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("it-3", "it-5", "it-6", "it-7", "it-8");

    api.requests.clear();
    try (HttpConnector again = new HttpConnector(settings())) {
      // nothing lost: it-4, then the rest; nothing acknowledged comes back
      assertThat(Drain.ackAll(again, 2, 10)).containsExactly("it-4", "it-9");
      Drain.nothingFor(again, Duration.ofMillis(300));
    }
    // nothing re-fetched before the unacknowledged page
    assertThat(api.gets(col)).first().satisfies(r -> assertThat(page2).endsWith(r.uri()));
    assertThat(api.gets(col)).noneMatch(r -> r.uri().endsWith("?limit=3"));
  }

  @Test
  void aRequeuedItemIsHandedOutAgainAndHoldsTheCheckpoint() throws Exception {
    api.addNumbered(col, "it-", 0, 4);
    try (HttpConnector c = new HttpConnector(settings())) {
      List<Transaction> page = Drain.fetch(c, 3, 3);
      c.acknowledge(page.get(0));
      c.acknowledge(page.get(2));
      c.reject(page.get(1), true);
      assertThat(Drain.fetch(c, 1, 1)).extracting(Transaction::id).containsExactly("it-1");
    }
    JsonNode cp = ApiServer.JSON.readTree(settings().checkpointFile().toFile());
    assertThat(cp.get("url").asText()).endsWith("?limit=3");
    try (HttpConnector c = new HttpConnector(settings())) {
      assertThat(Drain.ackAll(c, 2, 5)).containsExactly("it-1", "it-3");
    }
  }

  @Test
  void theCheckpointFileIsReplacedAtomicallyAndNoTemporaryFileStays() throws Exception {
    api.addNumbered(col, "it-", 0, 5);
    try (HttpConnector c = new HttpConnector(settings())) {
      Drain.ackAll(c, 5, 2);
    }
    Path state = settings().checkpointFile().getParent();
    try (var files = Files.list(state)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("orders.checkpoint.json", "orders.checkpoint.json.lock");
    }
  }

  @Test
  void aSecondConnectorOnTheSameCheckpointStandsByUntilTheFirstCloses() throws Exception {
    api.addNumbered(col, "it-", 0, 3);
    HttpConnector first = new HttpConnector(settings());
    try (HttpConnector second = new HttpConnector(settings())) {
      List<Transaction> got = Drain.fetch(first, 3, 3);
      assertThat(second.fetchTransactions(10)).isEmpty();
      assertThat(second.health()).containsEntry("role", "standby");
      first.acknowledge(got.get(0));
      first.close();
      assertThat(Drain.ackAll(second, 2, 10)).containsExactly("it-1", "it-2");
      assertThat(second.health()).containsEntry("role", "active");
    }
  }

  @Test
  void settlingAfterCloseIsAConnectionLossAndTheItemIsReadAgain() throws Exception {
    api.addNumbered(col, "it-", 0, 1);
    HttpConnector c = new HttpConnector(settings());
    Transaction tx = Drain.fetch(c, 1, 1).get(0);
    c.close();
    assertThatThrownBy(() -> c.acknowledge(tx))
        .isInstanceOf(ConnectionLostException.class)
        .hasMessageContaining("it-0");
    try (HttpConnector again = new HttpConnector(settings())) {
      assertThat(Drain.ackAll(again, 1, 1)).containsExactly("it-0");
    }
  }

  @Test
  void theCountIsTheApisTotalLessWhatWasSettledAlsoWhenStandingBy() throws Exception {
    api.addNumbered(col, "it-", 0, 5);
    HttpSettings counting =
        HttpSettings.builder()
            .url(api.items(col) + "?limit=3")
            .pagination(Pagination.LINK)
            .itemsPointer("/data")
            .totalPointer("/total")
            .checkpointFile(dir.resolve("count.json"))
            .build();
    try (HttpConnector c = new HttpConnector(counting);
        HttpConnector standby = new HttpConnector(counting)) {
      assertThat(c.countTransactions()).isEqualTo(5);
      List<Transaction> got = Drain.fetch(c, 3, 3);
      c.acknowledge(got.get(0));
      c.reject(got.get(1), false);
      assertThat(c.countTransactions()).isEqualTo(3); // it-2 in flight still counts
      assertThat(standby.fetchTransactions(5)).isEmpty();
      assertThat(standby.countTransactions()).isEqualTo(3); // read from the checkpoint file
    }
  }

  @Test
  void aDeadLetterAfterCloseIsAConnectionLossAndWritesNothing() throws Exception {
    api.addNumbered(col, "it-", 0, 1);
    HttpSettings s = settings();
    HttpConnector c = new HttpConnector(s);
    Transaction tx = Drain.fetch(c, 1, 1).get(0);
    c.close();
    assertThatThrownBy(() -> c.reject(tx, false)).isInstanceOf(ConnectionLostException.class);
    assertThat(s.effectiveDeadLetterFile()).doesNotExist();
  }

  @Test
  void aCheckpointOfAnotherUrlIsRefusedNamingBoth() throws Exception {
    api.addNumbered(col, "it-", 0, 1);
    try (HttpConnector c = new HttpConnector(settings())) {
      Drain.ackAll(c, 1, 1);
    }
    HttpSettings other =
        HttpSettings.builder()
            .url(api.items(col) + "?limit=7")
            .pagination(Pagination.LINK)
            .itemsPointer("/data")
            .checkpointFile(settings().checkpointFile())
            .build();
    try (HttpConnector c = new HttpConnector(other)) {
      assertThatThrownBy(() -> c.fetchTransactions(1))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("checkpoint_file")
          .hasMessageContaining("?limit=3")
          .hasMessageContaining("?limit=7");
    }
  }
}
