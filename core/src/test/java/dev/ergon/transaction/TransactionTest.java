package dev.ergon.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransactionTest {

  record Order(int id, int quantity, double unitPrice) {}

  @Test
  void equalFieldsMakeEqualTransactions() {
    Transaction a = new Transaction("tx-1", Map.of("k", 1), Map.of("m", "v"));
    Transaction b = new Transaction("tx-1", Map.of("k", 1), Map.of("m", "v"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(a.withMetadata("m", "w"));
  }

  @Test
  void byteArrayPayloadsCompareByContentAndCannotBeChangedFromOutside() {
    byte[] bytes = "abc".getBytes(StandardCharsets.UTF_8);
    Transaction tx = Transaction.of("tx-1", bytes);
    bytes[0] = 'X';
    ((byte[]) tx.payload())[1] = 'Y';
    assertThat((byte[]) tx.payload()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
    assertThat(tx).isEqualTo(Transaction.of("tx-1", "abc".getBytes(StandardCharsets.UTF_8)));
    assertThat(tx.hashCode())
        .isEqualTo(Transaction.of("tx-1", "abc".getBytes(StandardCharsets.UTF_8)).hashCode());
  }

  @Test
  void metadataIsAnUnmodifiableCopy() {
    Map<String, String> meta = new HashMap<>(Map.of("a", "1"));
    Transaction tx = new Transaction("tx-1", "p", meta);
    meta.put("b", "2");
    assertThat(tx.metadata()).containsOnlyKeys("a");
    assertThatThrownBy(() -> tx.metadata().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void changesAreCopies() {
    Transaction tx = Transaction.of("tx-1", "p");
    Transaction changed = tx.withPayload("q").withMetadata("k", "v").withMetadata(Map.of("x", "y"));
    assertThat(tx.payload()).isEqualTo("p");
    assertThat(tx.metadata()).isEmpty();
    assertThat(changed.id()).isEqualTo("tx-1");
    assertThat(changed.payload()).isEqualTo("q");
    assertThat(changed.metadata()).containsEntry("k", "v").containsEntry("x", "y");
  }

  @Test
  void blankIdsAndNullFieldsAreRejected() {
    assertThatThrownBy(() -> Transaction.of(" ", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> new Transaction("tx-1", "p", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tx-1");
  }

  @Test
  void generatedIdsAreUniqueAndTimeOrdered() {
    Set<String> ids = new HashSet<>();
    String previous = "";
    for (int i = 0; i < 10_000; i++) {
      String id = Transaction.of("p").id();
      assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      assertThat(id.compareTo(previous)).isPositive();
      previous = id;
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @Test
  void typedPayloadReturnsThePayloadWhenItAlreadyHasTheType() {
    Order order = new Order(1, 2, 3.0);
    assertThat(Transaction.of("tx-1", order).payload(Order.class)).isSameAs(order);
  }

  @Test
  void typedPayloadConvertsMapsJsonTextAndJsonBytes() {
    Order expected = new Order(7, 2, 1.5);
    Map<String, Object> map = Map.of("id", 7, "quantity", 2, "unitPrice", 1.5);
    String json = "{\"id\":7,\"quantity\":2,\"unitPrice\":1.5}";
    assertThat(Transaction.of("a", map).payload(Order.class)).isEqualTo(expected);
    assertThat(Transaction.of("b", json).payload(Order.class)).isEqualTo(expected);
    assertThat(Transaction.of("c", json.getBytes(StandardCharsets.UTF_8)).payload(Order.class))
        .isEqualTo(expected);
    assertThat(Transaction.of("d", List.of(1, 2)).payload(int[].class)).containsExactly(1, 2);
  }

  @Test
  void unconvertiblePayloadFailsNamingTheTransactionAndTheTargetType() {
    Transaction tx = Transaction.of("tx-42", "{not json");
    assertThatThrownBy(() -> tx.payload(Order.class))
        .isInstanceOf(PayloadConversionException.class)
        .hasMessageContaining("tx-42")
        .hasMessageContaining(Order.class.getName())
        .satisfies(
            e -> {
              PayloadConversionException p = (PayloadConversionException) e;
              assertThat(p.category()).isEqualTo(TransactionException.Category.BUSINESS);
              assertThat(p.isRetryable()).isFalse();
              assertThat(p.transactionId()).contains("tx-42");
            });
  }

  @Test
  void toStringLeavesThePayloadOut() {
    assertThat(Transaction.of("tx-1", "secret-card-number").toString())
        .contains("tx-1")
        .doesNotContain("secret");
  }
}
