package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server errors, throttling, slow responses and broken items, against the real API. */
class HttpFaultsTest {
  private final ApiServer api = new ApiServer();
  private final String col = "f" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  HttpFaultsTest() throws Exception {}

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpSettings.Builder settings() {
    return HttpSettings.builder()
        .url(api.items(col) + "?limit=5")
        .pagination(Pagination.LINK)
        .itemsPointer("/data")
        .checkpointFile(dir.resolve("cp.json"))
        .pollInterval(Duration.ofMillis(50))
        .retryBackoff(Duration.ofMillis(50))
        .retryBackoffCap(Duration.ofMillis(200));
  }

  private boolean isPage(ApiServer.Request r) {
    return r.method().equals("GET") && r.uri().startsWith("/c/" + col + "/items?");
  }

  @Test
  void aServerErrorIsRetriedAndThenTheFetchSucceeds() throws Exception {
    api.addNumbered(col, "it-", 0, 2);
    api.fault(this::isPage, 500, Map.of(), "{\"error\":\"boom\"}");
    api.fault(this::isPage, 502, Map.of(), "");
    try (HttpConnector c = new HttpConnector(settings().build())) {
      assertThat(c.fetchTransactions(5)).hasSize(2);
    }
    assertThat(api.gets(col)).hasSize(3);
  }

  @Test
  void serverErrorsBeyondTheAttemptsFailTheFetchNamingTheUrlAndTheStatus() throws Exception {
    for (int i = 0; i < 3; i++) {
      api.fault(this::isPage, 500, Map.of(), "{\"error\":\"boom\"}");
    }
    try (HttpConnector c = new HttpConnector(settings().retryMaxAttempts(3).build())) {
      assertThatThrownBy(() -> c.fetchTransactions(5))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("GET " + api.items(col) + "?limit=5")
          .hasMessageContaining("3 attempt(s)")
          .hasMessageContaining("HTTP 500")
          .hasMessageContaining("boom");
    }
  }

  @Test
  void aRefusedConnectionIsRetriedThenFailsNamingTheUrl() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    String url = "http://127.0.0.1:" + port + "/items";
    try (HttpConnector c = new HttpConnector(settings().url(url).retryMaxAttempts(2).build())) {
      assertThatThrownBy(() -> c.fetchTransactions(5))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("GET " + url + " failed after 2 attempt(s)")
          .hasMessageContaining("ConnectException");
    }
  }

  @Test
  void aClientErrorIsNotRetried() throws Exception {
    api.fault(this::isPage, 403, Map.of(), "{\"error\":\"forbidden\"}");
    try (HttpConnector c = new HttpConnector(settings().build())) {
      assertThatThrownBy(() -> c.fetchTransactions(5))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("1 attempt(s)")
          .hasMessageContaining("HTTP 403");
    }
    assertThat(api.gets(col)).hasSize(1);
  }

  @Test
  void a429WithRetryAfterSecondsIsWaitedOutThenRetried() throws Exception {
    api.addNumbered(col, "it-", 0, 1);
    api.fault(this::isPage, 429, Map.of("Retry-After", "1"), "{\"error\":\"slow down\"}");
    try (HttpConnector c = new HttpConnector(settings().retryMaxAttempts(1).build())) {
      long start = System.nanoTime();
      assertThat(c.fetchTransactions(5)).hasSize(1);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
    assertThat(api.gets(col)).hasSize(2);
  }

  @Test
  void a503WithAnHttpDateIsWaitedOutAndALongRetryAfterIsCutToTheBound() throws Exception {
    api.addNumbered(col, "it-", 0, 1);
    String soon =
        ZonedDateTime.now(java.time.ZoneOffset.UTC)
            .plusSeconds(1)
            .format(DateTimeFormatter.RFC_1123_DATE_TIME);
    api.fault(this::isPage, 503, Map.of("Retry-After", soon), "");
    api.fault(this::isPage, 429, Map.of("Retry-After", "3600"), "");
    try (HttpConnector c =
        new HttpConnector(
            settings().retryMaxAttempts(1).maxRetryAfter(Duration.ofMillis(300)).build())) {
      long start = System.nanoTime();
      assertThat(c.fetchTransactions(5)).hasSize(1);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofMillis(280))
          .isLessThan(Duration.ofSeconds(30));
    }
    assertThat(api.gets(col)).hasSize(3);
  }

  @Test
  void throttlingBeyondItsBoundFailsTheFetchClearly() throws Exception {
    for (int i = 0; i < 3; i++) {
      api.fault(this::isPage, 429, Map.of("Retry-After", "0"), "");
    }
    try (HttpConnector c =
        new HttpConnector(settings().retryMaxAttempts(1).throttleRetries(2).build())) {
      assertThatThrownBy(() -> c.fetchTransactions(5))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("still throttled (HTTP 429) after 2 wait(s)");
    }
  }

  @Test
  void aSlowResponseTimesOutAndIsRetried() throws Exception {
    api.addNumbered(col, "it-", 0, 1);
    api.hang(this::isPage);
    try (HttpConnector c =
        new HttpConnector(
            settings().requestTimeout(Duration.ofMillis(300)).retryMaxAttempts(2).build())) {
      assertThat(c.fetchTransactions(5)).hasSize(1);
    }
    assertThat(api.gets(col)).hasSize(2);
  }

  @Test
  void aSlowResponseBeyondTheAttemptsFailsNamingTheTimeout() throws Exception {
    api.hang(this::isPage);
    try (HttpConnector c =
        new HttpConnector(
            settings().requestTimeout(Duration.ofMillis(300)).retryMaxAttempts(1).build())) {
      assertThatThrownBy(() -> c.fetchTransactions(5))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("timed out after PT0.3S");
    }
  }

  @Test
  void anItemWithoutAnIdIsDeadLetteredWithThePageAndIndexAndTheFeedGoesOn() throws Exception {
    api.add(
        col,
        ApiServer.JSON.readTree("{\"id\": \"a\"}"),
        ApiServer.JSON.readTree("{\"name\": \"no id\"}"),
        ApiServer.JSON.readTree("{\"id\": \"  \"}"),
        ApiServer.JSON.readTree("{\"id\": \"d\"}"));
    HttpSettings s = settings().build();
    try (HttpConnector c = new HttpConnector(s)) {
      assertThat(Drain.ackAll(c, 2, 5)).containsExactly("a", "d");
      Drain.nothingFor(c, Duration.ofMillis(300)); // re-reading the last page does not repeat them
    }
    List<JsonNode> dead =
        new dev.ergon.connector.http.internal.DeadLetters(
                s.effectiveDeadLetterFile(), ApiServer.JSON)
            .readAll();
    assertThat(dead).hasSize(2);
    assertThat(dead.get(0).get("error").asText())
        .isEqualTo(
            "item 1 of page "
                + api.items(col)
                + "?limit=5 has no id at id_pointer '/id' (found nothing)");
    assertThat(dead.get(0).get("item").get("name").asText()).isEqualTo("no id");
    assertThat(dead.get(1).get("error").asText()).contains("item 2 of page").contains("'\"  \"'");
    JsonNode cp = ApiServer.JSON.readTree(s.checkpointFile().toFile());
    assertThat(cp.get("done")).hasSize(4);
  }
}
