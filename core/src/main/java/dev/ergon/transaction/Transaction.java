package dev.ergon.transaction;

import dev.ergon.transaction.internal.TransactionIds;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable unit of work: an id, a payload and string metadata. Connectors create transactions
 * from what a broker, table or file holds; tasks process them; nothing in the framework ever splits
 * or merges one.
 *
 * <p>Changes are copies ({@link #withPayload(Object)}, {@link #withMetadata(String, String)}).
 * Metadata is an unmodifiable copy of plain strings: broker handles needed to acknowledge stay
 * inside the connector. A {@code byte[]} payload is copied in and out, so no caller can change it.
 *
 * <pre>{@code
 * Transaction tx = Transaction.of(Map.of("orderId", 7, "quantity", 2));
 * Order order = tx.payload(Order.class);            // converted with Jackson
 * Transaction traced = tx.withMetadata("source", "orders-queue");
 * }</pre>
 *
 * @param id a non-blank, stable identifier from the source (message id, row key, entry id)
 * @param payload the data; any object
 * @param metadata string-keyed context such as headers; unmodifiable
 */
public record Transaction(String id, Object payload, Map<String, String> metadata) {

  /** Checks the fields and copies the metadata (and a {@code byte[]} payload). */
  public Transaction {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("Transaction id must not be blank");
    }
    Objects.requireNonNull(payload, () -> "payload of transaction '" + id + "'");
    Objects.requireNonNull(metadata, () -> "metadata of transaction '" + id + "'");
    if (payload instanceof byte[] bytes) {
      payload = bytes.clone();
    }
    metadata = Map.copyOf(metadata);
  }

  /**
   * A transaction with a new time-ordered unique id (UUIDv7 layout) and no metadata.
   *
   * @param payload the data
   * @return the transaction
   */
  public static Transaction of(Object payload) {
    return new Transaction(TransactionIds.next(), payload, Map.of());
  }

  /**
   * A transaction with the given id and no metadata.
   *
   * @param id the stable id
   * @param payload the data
   * @return the transaction
   */
  public static Transaction of(String id, Object payload) {
    return new Transaction(id, payload, Map.of());
  }

  /**
   * The payload as stored. A {@code byte[]} payload is returned as a copy.
   *
   * @return the payload
   */
  @Override
  public Object payload() {
    return payload instanceof byte[] bytes ? bytes.clone() : payload;
  }

  /**
   * The payload as a {@code T}: returned as is when it already is one, otherwise converted from
   * JSON-shaped data (JSON bytes or text, maps, lists) by the default Jackson codec.
   *
   * @param type the target type
   * @param <T> the target type
   * @return the payload as {@code type}
   * @throws PayloadConversionException when the payload cannot be converted; the message names the
   *     transaction id and the target type
   */
  public <T> T payload(Class<T> type) {
    return payload(type, PayloadCodec.json());
  }

  /**
   * The payload as a {@code T}, converted by the given codec when it is not already one.
   *
   * @param type the target type
   * @param codec the codec that converts
   * @param <T> the target type
   * @return the payload as {@code type}
   * @throws PayloadConversionException when the codec cannot convert it
   */
  public <T> T payload(Class<T> type, PayloadCodec codec) {
    if (type.isInstance(payload)) {
      return type.cast(payload());
    }
    try {
      return codec.convert(payload(), type);
    } catch (RuntimeException e) {
      throw new PayloadConversionException(id, payload.getClass(), type, e);
    }
  }

  /**
   * A copy with another payload.
   *
   * @param newPayload the payload of the copy
   * @return the copy
   */
  public Transaction withPayload(Object newPayload) {
    return new Transaction(id, newPayload, metadata);
  }

  /**
   * A copy with one metadata entry added or replaced.
   *
   * @param key the key
   * @param value the value
   * @return the copy
   */
  public Transaction withMetadata(String key, String value) {
    Map<String, String> copy = new HashMap<>(metadata);
    copy.put(key, value);
    return new Transaction(id, payload, copy);
  }

  /**
   * A copy whose metadata is this one's plus {@code entries} (entries win on equal keys).
   *
   * @param entries the entries to add or replace
   * @return the copy
   */
  public Transaction withMetadata(Map<String, String> entries) {
    Map<String, String> copy = new HashMap<>(metadata);
    copy.putAll(entries);
    return new Transaction(id, payload, copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t
        && id.equals(t.id)
        && metadata.equals(t.metadata)
        && Objects.deepEquals(payload, t.payload);
  }

  @Override
  public int hashCode() {
    int p = payload instanceof byte[] b ? Arrays.hashCode(b) : payload.hashCode();
    return Objects.hash(id, metadata, p);
  }

  @Override
  public String toString() {
    // The payload is left out on purpose: it may hold personal data and must not reach logs.
    return "Transaction[id=" + id + ", metadata=" + metadata + "]";
  }
}
