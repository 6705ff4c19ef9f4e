package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token and header values never appear in toString, logs or exception messages. */
class HttpSecretsTest {
  private static final String TOKEN = "tok-" + UUID.randomUUID();
  private static final String API_KEY = "key-" + UUID.randomUUID();
  private final ApiServer api = new ApiServer();
  private final String col = "s" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  HttpSecretsTest() throws Exception {}

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void theTokenIsSentButNeverShown() throws Exception {
    HttpSettings s =
        HttpSettings.builder()
            .url(api.items(col))
            .pagination(Pagination.LINK)
            .itemsPointer("/data")
            .checkpointFile(dir.resolve("cp.json"))
            .bearerToken(TOKEN)
            .headers(Map.of("X-Api-Key", API_KEY))
            .dispatchUrl(api.items(col))
            .retryMaxAttempts(2)
            .retryBackoff(Duration.ofMillis(10))
            .retryBackoffCap(Duration.ofMillis(10))
            .build();
    api.addNumbered(col, "it-", 0, 1);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    StringBuilder shown = new StringBuilder();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (HttpConnector c = new HttpConnector(s)) {
      shown.append(s).append(c).append(c.health());
      // a throttled and a failing request are logged; a server that echoes the token in an error
      // body does not make it appear in the exception
      api.fault(r -> r.method().equals("GET"), 429, Map.of("Retry-After", "0"), "");
      api.fault(
          r -> r.method().equals("GET"), 500, Map.of(), "{\"auth\":\"Bearer " + TOKEN + "\"}");
      assertThat(c.fetchTransactions(5)).hasSize(1);
      api.rejectWrites("x", 400);
      api.fault(r -> r.method().equals("POST"), 500, Map.of(), "Bearer " + TOKEN);
      Throwable dispatch =
          catchThrowable(
              () ->
                  c.dispatchTransactions(
                      List.of(dev.ergon.transaction.Transaction.of("x", Map.of()))));
      shown.append(dispatch).append(dispatch.getCause());
      Throwable page =
          catchThrowable(
              () -> {
                try (HttpConnector other =
                    new HttpConnector(
                        HttpSettings.builder()
                            .url(api.items(col) + "?x=1")
                            .pagination(Pagination.LINK)
                            .itemsPointer("/data")
                            .checkpointFile(dir.resolve("cp2.json"))
                            .bearerToken(TOKEN)
                            .headers(Map.of("X-Api-Key", API_KEY))
                            .retryMaxAttempts(1)
                            .build())) {
                  api.fault(
                      r -> r.method().equals("GET"),
                      401,
                      Map.of(),
                      "echo Bearer " + TOKEN + " " + API_KEY);
                  other.fetchTransactions(1);
                }
              });
      assertThat(page).isInstanceOf(HttpConnectorException.class).hasMessageContaining("HTTP 401");
      shown.append(page).append(page.getCause());
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    original.print(logs);
    assertThat(api.requests.stream().filter(r -> r.method().equals("POST")))
        .allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer " + TOKEN));
    assertThat(logs).contains("HTTP 429").contains("HTTP 500");
    assertThat(shown.toString()).contains("X-Api-Key=***").contains("bearerToken=***");
    assertThat(logs + shown).doesNotContain(TOKEN).doesNotContain(API_KEY);
  }
}
