package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every pagination style against the real API: all pages in order, then new items by polling. */
class HttpPaginationTest {
  private final ApiServer api = new ApiServer();
  private final String col = "p" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  HttpPaginationTest() throws Exception {}

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpSettings.Builder settings(Pagination style) {
    HttpSettings.Builder b =
        HttpSettings.builder()
            .pagination(style)
            .itemsPointer("/data")
            .checkpointFile(dir.resolve("cp.json"))
            .pollInterval(Duration.ofMillis(50));
    return switch (style) {
      case PAGE -> b.url(api.items(col)).pageSize(3);
      case OFFSET -> b.url(api.items(col)).pageSize(3);
      case CURSOR -> b.url(api.items(col) + "?limit=3").cursorPointer("/next");
      case LINK -> b.url(api.items(col) + "?limit=3");
    };
  }

  @ParameterizedTest
  @EnumSource(Pagination.class)
  void readsEveryPageInOrderThenPicksUpNewItemsWithoutDuplicates(Pagination style)
      throws Exception {
    api.addNumbered(col, "it-", 0, 10); // pages of 3: 3, 3, 3, 1
    try (HttpConnector c = new HttpConnector(settings(style).build())) {
      assertThat(Drain.ackAll(c, 10, 4)).isEqualTo(Drain.ids(0, 10, "it-"));
      Drain.nothingFor(c, Duration.ofMillis(300));

      api.addNumbered(col, "it-", 10, 4); // the last page fills up, one more page follows
      assertThat(Drain.ackAll(c, 4, 10)).isEqualTo(Drain.ids(10, 4, "it-"));
      Drain.nothingFor(c, Duration.ofMillis(300));
    }
    List<String> urls = api.gets(col).stream().map(ApiServer.Request::uri).toList();
    assertThat(urls).first().satisfies(u -> assertThat(u).contains(firstPageMark(style)));
    assertThat(urls).hasSizeGreaterThanOrEqualTo(6);
  }

  private static String firstPageMark(Pagination style) {
    return switch (style) {
      case PAGE -> "page=1&size=3";
      case OFFSET -> "offset=0&limit=3";
      case CURSOR, LINK -> "?limit=3";
    };
  }

  @Test
  void pageAndOffsetStylesAskForTheNextPageWithTheirParameters() throws Exception {
    api.addNumbered(col, "it-", 0, 7);
    try (HttpConnector c =
        new HttpConnector(
            settings(Pagination.PAGE).pageParam("p").sizeParam("per_page").firstPage(1).build())) {
      // the server knows "page"/"size" only: with other names it serves the first 10 items as one
      // page; the request shows the configured names
      Drain.ackAll(c, 7, 10);
    }
    assertThat(api.gets(col).get(0).uri()).endsWith("?p=1&per_page=3");

    api.requests.clear();
    try (HttpConnector c =
        new HttpConnector(
            settings(Pagination.OFFSET).checkpointFile(dir.resolve("cp2.json")).build())) {
      Drain.ackAll(c, 7, 10);
    }
    assertThat(api.gets(col).stream().map(r -> URI.create(r.uri()).getQuery()).toList())
        .startsWith("offset=0&limit=3", "offset=3&limit=3", "offset=6&limit=3");
  }

  @Test
  void itemIdsMayBeNumbersAndPayloadAndMetadataComeFromTheirPointers() throws Exception {
    api.add(
        col,
        ApiServer.JSON.readTree(
            "{\"key\": 42, \"body\": {\"name\": \"x\"}, \"meta\": {\"src\": \"crm\", \"n\": 7}}"));
    try (HttpConnector c =
        new HttpConnector(
            settings(Pagination.LINK)
                .idPointer("/key")
                .payloadPointer("/body")
                .metadataPointer("/meta")
                .build())) {
      Transaction tx = Drain.fetch(c, 1, 5).get(0);
      assertThat(tx.id()).isEqualTo("42");
      assertThat(tx.payload()).isEqualTo(Map.of("name", "x"));
      assertThat(tx.metadata()).isEqualTo(Map.of("src", "crm", "n", "7"));
    }
  }

  @Test
  void aPageWithoutAnItemsArrayFailsTheFetchNamingThePointerAndThePage() throws Exception {
    api.addNumbered(col, "it-", 0, 2);
    try (HttpConnector c =
        new HttpConnector(settings(Pagination.LINK).itemsPointer("/results").build())) {
      assertThatThrownBy(() -> c.fetchTransactions(5))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("no items array at items_pointer '/results'")
          .hasMessageContaining(api.items(col));
    }
  }
}
