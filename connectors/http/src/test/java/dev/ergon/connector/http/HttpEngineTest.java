package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ergon.connector.http.internal.DeadLetters;
import dev.ergon.engine.Outcome;
import dev.ergon.engine.Outcome.Disposition;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.RetryPolicy;
import dev.ergon.test.HarnessRun;
import dev.ergon.test.TaskHarness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector under the real engine at concurrency 4: pages flow, a poison is dead-lettered. */
class HttpEngineTest {
  private final ApiServer api = new ApiServer();
  private final String col = "e" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  HttpEngineTest() throws Exception {}

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpSettings settings() {
    return HttpSettings.builder()
        .url(api.items(col))
        .pagination(Pagination.PAGE)
        .pageSize(5)
        .itemsPointer("/data")
        .checkpointFile(dir.resolve("orders.checkpoint.json"))
        .pollInterval(Duration.ofMillis(50))
        .build();
  }

  @Test
  void pagesFlowAtConcurrencyFourAndAPoisonIsDeadLetteredWithTheEnginesReason() throws Exception {
    api.addNumbered(col, "order-", 0, 15);
    api.add(col, ApiServer.JSON.readTree("{\"id\": \"poison\", \"n\": -1}"));
    api.addNumbered(col, "order-", 15, 15);
    AtomicInteger poisonAttempts = new AtomicInteger();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    HttpSettings s = settings();

    HarnessRun run;
    try (HttpConnector input = new HttpConnector(s)) {
      run =
          TaskHarness.of(
                  () ->
                      new FnConsumer(
                          tx -> {
                            if (tx.id().equals("poison")) {
                              poisonAttempts.incrementAndGet();
                              throw new IllegalStateException("cannot digest");
                            }
                            seen.add(tx.id());
                            return String.valueOf(tx.payload(Order.class).n());
                          },
                          true))
              .connector("input", input)
              .policy(
                  ConsumerPolicy.builder("consumer")
                      .concurrency(4)
                      .batchSize(4)
                      .processRetry(RetryPolicy.builder().maxAttempts(3).build())
                      .build())
              .run();
    }

    assertThat(poisonAttempts).hasValue(3);
    assertThat(((Outcome.FailedUnhandled) run.outcome("poison")).disposition())
        .isEqualTo(Disposition.DEAD_LETTERED);
    assertThat(run.count(Outcome.Kind.SUCCEEDED)).isEqualTo(30);
    assertThat(seen).hasSize(30);
    List<JsonNode> dead = new DeadLetters(s.effectiveDeadLetterFile(), ApiServer.JSON).readAll();
    assertThat(dead).hasSize(1);
    JsonNode why = dead.get(0).get("reason");
    assertThat(dead.get(0).get("id").asText()).isEqualTo("poison");
    assertThat(dead.get(0).get("payload").get("n").asInt()).isEqualTo(-1);
    assertThat(dead.get(0).get("page").asText()).endsWith("page=4&size=5");
    assertThat(why.get("category").asText()).isEqualTo("system");
    assertThat(why.get("message").asText()).contains("cannot digest");
    assertThat(why.get("attempts").asInt()).isEqualTo(3);
    assertThat(why.get("handler_error").asText()).contains("cannot digest");

    // everything settled: the checkpoint is at the last page (6 full pages before it), its one
    // item recorded as done so that re-reading the page does not repeat it
    JsonNode cp = ApiServer.JSON.readTree(s.checkpointFile().toFile());
    assertThat(cp.get("url").asText()).endsWith("page=7&size=5");
    assertThat(cp.get("passed").asLong()).isEqualTo(30);
    assertThat(cp.get("done")).extracting(JsonNode::asText).containsExactly("order-29");

    // a second run finds nothing new and fetches no page before the checkpoint
    api.requests.clear();
    try (HttpConnector again = new HttpConnector(s)) {
      HarnessRun second =
          TaskHarness.of(() -> new FnConsumer(tx -> "again " + tx.id(), false))
              .connector("input", again)
              .policy(ConsumerPolicy.builder("consumer").concurrency(4).batchSize(4).build())
              .run();
      assertThat(second.count(Outcome.Kind.SUCCEEDED)).isZero();
    }
    assertThat(api.gets(col))
        .extracting(ApiServer.Request::uri)
        .allMatch(u -> u.contains("page=7"));
  }

  /** A typed payload. */
  record Order(String id, int n) {}
}
