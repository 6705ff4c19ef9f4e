package dev.ergon.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Metadata values through the real server arrive exactly as sent, or the dispatch refuses them
 * naming the transaction, the entry and why: never changed on the way (the reliability suite's
 * random payloads found a NUL value arriving empty: NATS strips whitespace and control characters
 * at either end of a header value).
 */
class NatsMetadataTest {
  private final String stream = Js.unique("ergon_meta");
  private Js js;
  private NatsConnector c;

  @BeforeEach
  void connect() throws Exception {
    js = new Js();
    c = new NatsConnector(Js.settings(stream).build());
  }

  @AfterEach
  void cleanUp() throws Exception {
    c.close();
    js.deleteStream(stream);
    js.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "plain",
        "",
        "in\u0000side",
        "in\u0001side",
        "tab\tinside",
        "a\u007fb",
        "a:b",
        "two  spaces",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
      })
  void aValueNatsCarriesArrivesAsSent(String value) throws Exception {
    c.dispatchTransactions(List.of(new Transaction("m-1", Map.of("n", 1), Map.of("k", value))));
    assertThat(Js.fetchOne(c).metadata()).containsEntry("k", value);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'\u0000'|starts with U+0000 at index 0, which NATS strips",
        "' lead'|starts with U+0020 at index 0",
        "'trail '|ends with U+0020 at index 5",
        "'tab\t'|ends with U+0009 at index 3",
        "' '|starts with U+0020 at index 0",
        "'x\ry'|invalid character: 0xd",
        "'ünï'|invalid character: 0xfc",
      })
  void aValueNatsWouldChangeIsRefusedNamingTheTransactionAndTheEntry(String value, String why)
      throws Exception {
    assertThatThrownBy(
            () ->
                c.dispatchTransactions(
                    List.of(
                        Transaction.of("ok-1", Map.of("n", 0)),
                        new Transaction("bad-1", Map.of("n", 1), Map.of("k", value)))))
        .isInstanceOf(NatsConnectorException.class)
        .hasMessageContaining("1 of 2 transactions not published")
        .hasMessageContaining("metadata entry 'k' of transaction 'bad-1'")
        .hasMessageContaining(why);
    assertThat(c.countTransactions()).as("the other transaction was published").isEqualTo(1);
  }
}
