package dev.ergon.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Utf8CheckTest {
  private static final String HIGH = "\uD800";
  private static final String LOW = "\uDC00";

  record Line(String sku, int qty) {}

  @Test
  void pairedSurrogatesAndOrdinaryTextPass() {
    Transaction tx =
        new Transaction(
            "t-1",
            Map.of("name", "caf\u00e9 \uD83D\uDE00", "n", 3, "list", List.of("a", 1.5, true)),
            Map.of("k", "v \uD83D\uDE00"));
    Utf8Check.require(tx);
    assertThat(Utf8Check.find(tx)).isNull();
    assertThat(Utf8Check.find(Transaction.of("b", new byte[] {(byte) 0xED, (byte) 0xA0}))).isNull();
  }

  @Test
  void unpairedSurrogatesAreFoundWhereverTheyAre() {
    assertThat(Utf8Check.unpairedSurrogate("ab" + HIGH)).isEqualTo(2);
    assertThat(Utf8Check.unpairedSurrogate(LOW + "x")).isZero();
    assertThat(Utf8Check.unpairedSurrogate(HIGH + "x" + LOW)).isZero();
    assertThat(Utf8Check.unpairedSurrogate("x" + LOW + HIGH)).isEqualTo(1);
    assertThat(Utf8Check.unpairedSurrogate("\uD83D\uDE00")).isEqualTo(-1);

    assertThat(Utf8Check.find(Transaction.of("t", "ok " + HIGH)))
        .isEqualTo("payload holds an unpaired surrogate U+D800 at index 3");
    assertThat(
            Utf8Check.find(
                Transaction.of("t", Map.of("lines", List.of(Map.of(), Map.of("sku", "x" + LOW))))))
        .isEqualTo("payload.lines[1].sku holds an unpaired surrogate U+DC00 at index 1");
    assertThat(Utf8Check.find(Transaction.of("t", Map.of("k" + HIGH, 1))))
        .isEqualTo("payload key 'k\\uD800' holds an unpaired surrogate U+D800 at index 1");
    assertThat(Utf8Check.find(Transaction.of("t", new Object[] {"a", LOW})))
        .isEqualTo("payload[1] holds an unpaired surrogate U+DC00 at index 0");
    assertThat(Utf8Check.find(Transaction.of("t", List.of(new Line(HIGH, 1)))))
        .isEqualTo("payload[0].sku holds an unpaired surrogate U+D800 at index 0");
    assertThat(Utf8Check.find(new Transaction("t", "p", Map.of("tenant", "a" + HIGH))))
        .isEqualTo("metadata 'tenant' holds an unpaired surrogate U+D800 at index 1");
    assertThat(Utf8Check.find(new Transaction("t", "p", Map.of(LOW, "v"))))
        .isEqualTo("metadata key '\\uDC00' holds an unpaired surrogate U+DC00 at index 0");
    assertThat(Utf8Check.find(Transaction.of("id" + HIGH, "p")))
        .isEqualTo("id holds an unpaired surrogate U+D800 at index 2");
  }

  @Test
  void requireNamesTheTransactionAndTheField() {
    assertThatThrownBy(() -> Utf8Check.require(Transaction.of("order-7", Map.of("sku", HIGH))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "transaction 'order-7': payload.sku holds an unpaired surrogate U+D800 at index 0,"
                + " which UTF-8 cannot carry");
  }
}
