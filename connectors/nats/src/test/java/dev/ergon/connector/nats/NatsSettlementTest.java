package dev.ergon.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requeue with a nak delay, dead letters with their headers, max deliveries, poison bodies. */
class NatsSettlementTest {
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final String stream = Js.unique("ergon_settle");
  private final String subject = stream + ".in";
  private final String dead = stream + ".in.dead";
  private final List<NatsConnector> opened = new ArrayList<>();
  private Js js;

  @BeforeEach
  void connect() throws Exception {
    js = new Js();
  }

  @AfterEach
  void cleanUp() throws Exception {
    opened.forEach(NatsConnector::close);
    js.deleteStream(stream);
    js.close();
  }

  private NatsConnector open(NatsSettings.Builder b) {
    NatsConnector c = new NatsConnector(b.build());
    opened.add(c);
    return c;
  }

  private static void nothingFor(NatsConnector c, Duration window) {
    List<Transaction> got = new ArrayList<>();
    await()
        .during(window)
        .atMost(window.plusSeconds(10))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(10));
              return got.isEmpty();
            });
  }

  @Test
  void aRequeueWaitsForTheNakDelayAndComesBackAsTheSecondDelivery() throws Exception {
    NatsConnector c = open(Js.settings(stream).nakDelay(Duration.ofSeconds(2)));
    c.dispatchTransactions(List.of(Transaction.of("requeued", Map.of("n", 1))));
    Transaction first = Js.fetchOne(c);

    c.reject(first, true);

    nothingFor(c, Duration.ofMillis(1200));
    Transaction again = Js.fetchOne(c);
    assertThat(again.id()).isEqualTo("requeued");
    assertThat(again.metadata()).containsEntry("nats.delivered", "2");
    assertThat((Object) again.payload(Map.class)).isEqualTo(Map.of("n", 1));
    c.acknowledge(again);
    assertThat(c.countTransactions()).isZero();
  }

  @Test
  void aDeadLetterCarriesTheBodyTheOriginAndTheTraceAndTheOriginalIsGone() throws Exception {
    NatsConnector c = open(Js.settings(stream));
    c.dispatchTransactions(
        List.of(
            new Transaction(
                "poison", Map.of("n", 13), Map.of("traceparent", TRACEPARENT, "shop", "north"))));
    Transaction got = Js.fetchOne(c);
    assertThat(got.metadata()).containsEntry("traceparent", TRACEPARENT);

    c.reject(got, false);

    List<MessageInfo> letters = js.messages(stream, dead);
    assertThat(letters).hasSize(1);
    Headers h = letters.get(0).getHeaders();
    assertThat(h.getFirst("Ergon-Transaction-Id")).isEqualTo("poison");
    assertThat(h.getFirst("Ergon-Original-Subject")).isEqualTo(subject);
    assertThat(h.getFirst("Ergon-Original-Stream")).isEqualTo(stream);
    assertThat(h.getFirst("Ergon-Stream-Sequence")).isEqualTo("1");
    assertThat(h.getFirst("Ergon-Delivery-Count")).isEqualTo("1");
    assertThat(h.getFirst("Ergon-Error-Category")).isEqualTo("rejected");
    assertThat(h.getFirst("traceparent")).isEqualTo(TRACEPARENT);
    assertThat(h.getFirst("shop")).isEqualTo("north");
    assertThat(new String(letters.get(0).getData(), StandardCharsets.UTF_8))
        .isEqualTo("{\"n\":13}");
    nothingFor(c, Duration.ofMillis(500));
    assertThat(c.countTransactions()).isZero();
    assertThat(c.health()).containsEntry("dead_lettered", 1L);
  }

  @Test
  void aDeliveryPastMaxDeliverIsDeadLetteredInsteadOfHandedOut() throws Exception {
    NatsConnector c = open(Js.settings(stream).maxDeliver(2).nakDelay(Duration.ZERO));
    c.dispatchTransactions(List.of(Transaction.of("flaky", Map.of("n", 3))));

    c.reject(Js.fetchOne(c), true);
    Transaction second = Js.fetchOne(c);
    assertThat(second.metadata()).containsEntry("nats.delivered", "2");
    c.reject(second, true);

    // the third delivery is dead-lettered by the fetch that receives it, never handed out
    List<Transaction> handedOut = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              handedOut.addAll(c.fetchTransactions(10));
              return js.deadIds(stream, dead).size() == 1;
            });
    assertThat(handedOut).isEmpty();
    nothingFor(c, Duration.ofMillis(500));
    Headers h = js.messages(stream, dead).get(0).getHeaders();
    assertThat(h.getFirst("Ergon-Transaction-Id")).isEqualTo("flaky");
    assertThat(h.getFirst("Ergon-Error-Category")).isEqualTo("max_deliver_exceeded");
    assertThat(h.getFirst("Ergon-Delivery-Count")).isEqualTo("3");
    assertThat(h.getFirst("Ergon-Error-Message")).contains("max_deliver 2");
    await().atMost(Duration.ofSeconds(10)).until(() -> c.countTransactions() == 0);
  }

  @Test
  void aBodyThatIsNotJsonIsDeadLetteredWithAnErrorNamingItAndTheOthersFlow() throws Exception {
    NatsConnector c = open(Js.settings(stream));
    Headers h = new Headers().put("Nats-Msg-Id", "garbled");
    js.jsm().jetStream().publish(subject, h, "{not json".getBytes(StandardCharsets.UTF_8));
    c.dispatchTransactions(List.of(Transaction.of("fine", Map.of("n", 2))));

    Transaction got = Js.fetchOne(c);

    assertThat(got.id()).isEqualTo("fine");
    c.acknowledge(got);
    List<MessageInfo> letters = js.messages(stream, dead);
    assertThat(letters).hasSize(1);
    Headers dh = letters.get(0).getHeaders();
    assertThat(dh.getFirst("Ergon-Transaction-Id")).isEqualTo("garbled");
    assertThat(dh.getFirst("Ergon-Error-Category")).isEqualTo("undecodable");
    assertThat(dh.getFirst("Ergon-Error-Message"))
        .contains("'garbled'")
        .contains(stream + "/1")
        .contains("not JSON");
    assertThat(new String(letters.get(0).getData(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    nothingFor(c, Duration.ofMillis(500));
    assertThat(c.countTransactions()).isZero();
  }

  @Test
  void aDeadLetterThatNoStreamStoresFailsTheRejectAndTheMessageComesBack() throws Exception {
    js.jsm()
        .addStream(
            StreamConfiguration.builder()
                .name(stream)
                .subjects(subject)
                .storageType(StorageType.Memory)
                .build());
    NatsConnector c =
        open(
            Js.settings(stream)
                .createStream(false)
                .deadLetterSubject(stream + ".nowhere")
                .ackWait(Duration.ofSeconds(2))
                .settleTimeout(Duration.ofSeconds(2)));
    c.dispatchTransactions(List.of(Transaction.of("kept", Map.of("n", 4))));
    Transaction got = Js.fetchOne(c);

    assertThatThrownBy(() -> c.reject(got, false))
        .isInstanceOf(NatsConnectorException.class)
        .hasMessageContaining("cannot dead-letter transaction 'kept'")
        .hasMessageContaining(stream + ".nowhere");

    Transaction again = Js.fetchOne(c);
    assertThat(again.id()).isEqualTo("kept");
    assertThat(again.metadata()).containsEntry("nats.delivered", "2");
    c.acknowledge(again);
  }

  @Test
  void aTransactionIdDispatchedAgainIsStoredAgainUnlessDeduplicateIsOn() throws Exception {
    NatsConnector plain = open(Js.settings(stream));
    plain.dispatchTransactions(List.of(Transaction.of("same", Map.of("n", 1))));
    plain.dispatchTransactions(List.of(Transaction.of("same", Map.of("n", 1))));
    assertThat(js.messages(stream, subject)).hasSize(2);

    NatsConnector dedup = open(Js.settings(stream).deduplicate(true));
    dedup.dispatchTransactions(List.of(Transaction.of("once", Map.of("n", 2))));
    dedup.dispatchTransactions(List.of(Transaction.of("once", Map.of("n", 2))));
    assertThat(js.messages(stream, subject)).hasSize(3);
  }

  @Test
  void resolveByStreamSequenceAndSettleOnTheStream() throws Exception {
    NatsConnector c = open(Js.settings(stream));
    Headers none = new Headers().put("traceparent", TRACEPARENT);
    js.jsm().jetStream().publish(subject, none, "{\"n\":5}".getBytes(StandardCharsets.UTF_8));

    Transaction found = c.resolveTransaction(stream + "/1").orElseThrow();

    assertThat(found.id()).isEqualTo(stream + "/1");
    assertThat((Object) found.payload(Map.class)).isEqualTo(Map.of("n", 5));
    assertThat(found.metadata()).containsEntry("traceparent", TRACEPARENT);
    assertThat(c.resolveTransaction(stream + "/99")).isEmpty();
    assertThat(c.resolveTransaction("OTHER/1")).isEmpty();
    c.acknowledge(found);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.countTransactions() == 0);
    nothingFor(c, Duration.ofMillis(500));
  }
}
