package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service: base URL, headers, token, retries; and redirects are never followed. */
class HttpServiceTest {
  private final ApiServer api = new ApiServer();
  private final String col = "svc" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  HttpServiceTest() throws Exception {}

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpSettings settings() {
    return HttpSettings.builder()
        .url(api.base() + "/c/" + col + "/")
        .pagination(Pagination.LINK)
        .checkpointFile(dir.resolve("unused.json"))
        .bearerToken("svc-token")
        .headers(Map.of("X-Tenant", "acme"))
        .retryBackoff(Duration.ofMillis(20))
        .retryBackoffCap(Duration.ofMillis(20))
        .build();
  }

  @Test
  void requestsAreResolvedAgainstTheBaseUrlAndCarryTheHeadersAndTheToken() throws Exception {
    api.addNumbered(col, "it-", 0, 2);
    try (HttpService svc = new HttpService(settings())) {
      assertThat(svc.baseUrl().toString()).isEqualTo(api.base() + "/c/" + col + "/");
      api.fault(r -> r.method().equals("GET"), 503, Map.of(), "");
      assertThat(svc.getJson("items/it-1").get("n").asInt()).isEqualTo(1);

      HttpResponse<byte[]> posted =
          svc.send(
              svc.request("items")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"it-9\"}"))
                  .build());
      assertThat(posted.statusCode()).isEqualTo(201);
      assertThat(svc.send(svc.request("items/nope").GET().build()).statusCode()).isEqualTo(404);
      assertThatThrownBy(() -> svc.getJson("items/nope"))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("HTTP 404");
      assertThat(svc.client()).isNotNull();
    }
    assertThat(api.stored(col)).hasSize(3);
    assertThat(api.requests)
        .allSatisfy(
            r -> {
              assertThat(r.header("authorization")).isEqualTo("Bearer svc-token");
              assertThat(r.header("x-tenant")).isEqualTo("acme");
            });
    assertThat(api.requests).hasSize(5);
  }

  @Test
  void aRedirectIsNotFollowedSoTheTokenStaysWithTheConfiguredHost() throws Exception {
    String elsewhere = api.base() + "/elsewhere/items";
    api.fault(r -> r.uri().startsWith("/c/"), 302, Map.of("Location", elsewhere), "");
    try (HttpConnector c =
        new HttpConnector(
            HttpSettings.builder()
                .url(api.items(col))
                .pagination(Pagination.LINK)
                .itemsPointer("/data")
                .checkpointFile(dir.resolve("cp.json"))
                .bearerToken("svc-token")
                .build())) {
      assertThatThrownBy(() -> c.fetchTransactions(1))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("HTTP 302 redirect to " + elsewhere)
          .hasMessageContaining("not followed");
    }
    assertThat(api.requests).noneMatch(r -> r.uri().startsWith("/elsewhere"));
  }
}
