package dev.ergon.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch by POST and PUT against the real API, with per-item failure reporting. */
class HttpDispatchTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private final ApiServer api = new ApiServer();
  private final String col = "d" + UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  HttpDispatchTest() throws Exception {}

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpSettings.Builder settings() {
    return HttpSettings.builder()
        .url(api.items(col))
        .pagination(Pagination.LINK)
        .itemsPointer("/data")
        .checkpointFile(dir.resolve("cp.json"))
        .dispatchUrl(api.items(col))
        .retryBackoff(Duration.ofMillis(20))
        .retryBackoffCap(Duration.ofMillis(50));
  }

  @Test
  void eachPayloadIsPostedAsJsonThreeAtOnceWithItsIdAndTraceContextAsHeaders() throws Exception {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      txs.add(
          new Transaction(
              "tx-" + i, Map.of("id", "tx-" + i, "n", i), Map.of("traceparent", TRACEPARENT)));
    }
    api.holdWritesUntil(3);
    try (HttpConnector c = new HttpConnector(settings().dispatchConcurrency(3).build())) {
      c.dispatchTransactions(txs);
    }
    assertThat(api.mostWritesAtOnce).hasValue(3); // concurrent, and bounded by the setting
    assertThat(api.stored(col))
        .extracting(n -> n.get("id").asText())
        .containsExactlyInAnyOrderElementsOf(txs.stream().map(Transaction::id).toList());
    List<ApiServer.Request> posts =
        api.requests.stream().filter(r -> r.method().equals("POST")).toList();
    assertThat(posts).hasSize(12);
    assertThat(posts)
        .allSatisfy(
            r -> {
              assertThat(r.header("traceparent")).isEqualTo(TRACEPARENT);
              assertThat(r.header("content-type")).isEqualTo("application/json");
              assertThat(r.body()).contains("\"id\":\"" + r.header("idempotency-key") + "\"");
            });
  }

  @Test
  void everyFailingTransactionIsNamedWithItsStatusAndTheOthersAreSent() throws Exception {
    api.rejectWrites("bad-1", 422);
    api.rejectWrites("bad-2", 500); // retried, then reported
    List<Transaction> txs =
        List.of(
            Transaction.of("ok-1", Map.of("id", "ok-1")),
            Transaction.of("bad-1", Map.of("id", "bad-1")),
            Transaction.of("ok-2", Map.of("id", "ok-2")),
            Transaction.of("bad-2", Map.of("id", "bad-2")));
    try (HttpConnector c = new HttpConnector(settings().retryMaxAttempts(2).build())) {
      assertThatThrownBy(() -> c.dispatchTransactions(txs))
          .isInstanceOfSatisfying(
              HttpDispatchException.class,
              e -> {
                assertThat(e.failures()).containsOnlyKeys("bad-1", "bad-2");
                assertThat(e.failures().get("bad-1")).startsWith("HTTP 422");
                assertThat(e.failures().get("bad-2")).contains("2 attempt(s)").contains("HTTP 500");
              })
          .hasMessageStartingWith("2 of 4 transaction(s) not dispatched to POST " + api.items(col))
          .hasMessageContaining("bad-1 (HTTP 422")
          .hasMessageContaining("bad-2 (");
    }
    assertThat(api.stored(col))
        .extracting(n -> n.get("id").asText())
        .containsExactlyInAnyOrder("ok-1", "ok-2");
    long bad2Posts =
        api.requests.stream().filter(r -> "bad-2".equals(r.header("idempotency-key"))).count();
    assertThat(bad2Posts).isEqualTo(2);
  }

  @Test
  void aTransactionHoldingALoneSurrogateIsRefusedNamingItAndTheFieldAndTheOthersAreSent()
      throws Exception {
    // Jackson writes a lone surrogate as a \\uD800 escape, which no JSON parser takes back as
    // text (the API answered HTTP 400 with its parser's error, naming no field)
    List<Transaction> txs =
        List.of(
            Transaction.of("ok-1", Map.of("id", "ok-1")),
            Transaction.of("bad-payload", Map.of("id", "bad-payload", "sku", "a\uD800b")),
            new Transaction("bad-meta", Map.of("id", "bad-meta"), Map.of("tenant", "\uDC00")),
            Transaction.of("ok-2", Map.of("id", "ok-2")));
    try (HttpConnector c =
        new HttpConnector(settings().dispatchBody(DispatchBody.ENVELOPE).build())) {
      assertThatThrownBy(() -> c.dispatchTransactions(txs))
          .isInstanceOfSatisfying(
              HttpDispatchException.class,
              e -> {
                assertThat(e.failures()).containsOnlyKeys("bad-payload", "bad-meta");
                assertThat(e.failures().get("bad-payload"))
                    .contains("payload.sku holds an unpaired surrogate U+D800 at index 1");
                assertThat(e.failures().get("bad-meta"))
                    .contains("metadata 'tenant' holds an unpaired surrogate U+DC00 at index 0");
              });
    }
    assertThat(api.stored(col))
        .extracting(n -> n.get("id").asText())
        .containsExactlyInAnyOrder("ok-1", "ok-2");
    assertThat(api.requests)
        .noneMatch(
            r ->
                r.header("idempotency-key") != null
                    && r.header("idempotency-key").startsWith("bad"));
  }

  @Test
  void putSendsToTheItemUrlTemplateAndTheEnvelopeCarriesIdAndMetadata() throws Exception {
    try (HttpConnector c =
        new HttpConnector(
            settings()
                .dispatchUrl(api.items(col) + "/{id}")
                .dispatchMethod(DispatchMethod.PUT)
                .dispatchBody(DispatchBody.ENVELOPE)
                .build())) {
      c.dispatchTransactions(
          List.of(new Transaction("a/b c", Map.of("n", 1), Map.of("source", "test"))));
    }
    ApiServer.Request put =
        api.requests.stream().filter(r -> r.method().equals("PUT")).findFirst().orElseThrow();
    assertThat(put.uri()).isEqualTo("/c/" + col + "/items/a%2Fb%20c");
    assertThat(ApiServer.JSON.readTree(put.body()))
        .isEqualTo(
            ApiServer.JSON.readTree(
                "{\"id\":\"a/b c\",\"payload\":{\"n\":1},\"metadata\":{\"source\":\"test\"}}"));
  }

  @Test
  void withoutATraceparentInTheMetadataTheCurrentContextIsSent() throws Exception {
    SpanContext current =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    try (HttpConnector c = new HttpConnector(settings().build());
        Scope ignored = Span.wrap(current).makeCurrent()) {
      c.dispatchTransactions(List.of(Transaction.of("t-1", Map.of("id", "t-1"))));
      c.dispatchTransactions(
          List.of(new Transaction("t-2", Map.of("id", "t-2"), Map.of("traceparent", TRACEPARENT))));
    }
    List<ApiServer.Request> posts =
        api.requests.stream().filter(r -> r.method().equals("POST")).toList();
    assertThat(posts.get(0).header("traceparent"))
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(posts.get(1).header("traceparent")).isEqualTo(TRACEPARENT);
  }

  @Test
  void withoutADispatchUrlDispatchSaysSo() throws Exception {
    try (HttpConnector c = new HttpConnector(settings().dispatchUrl(null).build())) {
      assertThatThrownBy(() -> c.dispatchTransactions(List.of(Transaction.of(Map.of()))))
          .isInstanceOf(HttpConnectorException.class)
          .hasMessageContaining("dispatch_url is not set");
    }
  }
}
