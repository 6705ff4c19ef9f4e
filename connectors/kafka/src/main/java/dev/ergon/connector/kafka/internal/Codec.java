package dev.ergon.connector.kafka.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.Utf8Check;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Maps records to transactions and back: the id travels in the {@code Ergon-Transaction-Id} header,
 * the payload as JSON (or raw bytes), metadata as headers, the key in {@code kafka.key}.
 */
public final class Codec {
  /** The header carrying the transaction id. */
  public static final String ID_HEADER = "Ergon-Transaction-Id";

  /** Metadata entries with this prefix describe the record and are not written as headers. */
  public static final String PREFIX = "kafka.";

  /** The metadata entry of the record key (UTF-8); dispatch uses it as the key. */
  public static final String KEY = "kafka.key";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Codec() {}

  /** A record value that is not a JSON document. */
  public static final class UndecodableException extends Exception {
    private static final long serialVersionUID = 1L;

    UndecodableException(String message) {
      super(message);
    }
  }

  /**
   * The id a record's transaction gets: its id header, else {@code topic/partition/offset}.
   *
   * @param r the record
   * @return the id
   */
  public static String id(ConsumerRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(ID_HEADER);
    if (h != null && h.value() != null && h.value().length > 0) {
      return new String(h.value(), StandardCharsets.UTF_8);
    }
    return position(r);
  }

  /**
   * The position id {@code topic/partition/offset}.
   *
   * @param r the record
   * @return the id
   */
  public static String position(ConsumerRecord<?, ?> r) {
    return r.topic() + "/" + r.partition() + "/" + r.offset();
  }

  /**
   * Decodes a record.
   *
   * @param r the record
   * @param id the transaction id to give it
   * @param deliveries how many times it has been handed out, this time included
   * @return the transaction
   * @throws UndecodableException when the value is empty or not JSON
   */
  public static Transaction decode(ConsumerRecord<byte[], byte[]> r, String id, int deliveries)
      throws UndecodableException {
    Object payload = payload(r);
    Map<String, String> md = new LinkedHashMap<>();
    for (Header h : r.headers()) {
      if (!h.key().equals(ID_HEADER) && h.value() != null) {
        md.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      }
    }
    md.put("kafka.topic", r.topic());
    md.put("kafka.partition", String.valueOf(r.partition()));
    md.put("kafka.offset", String.valueOf(r.offset()));
    md.put("kafka.timestamp", String.valueOf(r.timestamp()));
    md.put("kafka.delivery", String.valueOf(deliveries));
    if (r.key() != null) {
      md.put(KEY, new String(r.key(), StandardCharsets.UTF_8));
    }
    return new Transaction(id, payload, md);
  }

  private static Object payload(ConsumerRecord<byte[], byte[]> r) throws UndecodableException {
    byte[] v = r.value();
    if (v == null || v.length == 0) {
      throw new UndecodableException("record " + position(r) + " has an empty value");
    }
    try {
      Object o = JSON.readValue(v, Object.class);
      if (o == null) {
        throw new UndecodableException("record " + position(r) + " holds JSON null");
      }
      return o;
    } catch (IOException e) {
      String why =
          e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new UndecodableException(
          "record " + position(r) + " is not a JSON document (" + why + ")");
    }
  }

  /**
   * The record that dispatches a transaction.
   *
   * @param topic the topic
   * @param tx the transaction
   * @return the record
   * @throws JsonProcessingException when the payload cannot be written as JSON
   */
  public static ProducerRecord<byte[], byte[]> encode(String topic, Transaction tx)
      throws JsonProcessingException {
    Utf8Check.require(tx);
    Object p = tx.payload();
    byte[] value = p instanceof byte[] b ? b : JSON.writeValueAsBytes(p);
    Headers headers = new RecordHeaders();
    tx.metadata()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(PREFIX) && !k.equals(ID_HEADER)) {
                headers.add(k, v.getBytes(StandardCharsets.UTF_8));
              }
            });
    headers.add(ID_HEADER, tx.id().getBytes(StandardCharsets.UTF_8));
    String key = tx.metadata().get(KEY);
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, k, value, headers);
  }

  /**
   * The dead letter of a record: its key, value and headers, plus where it came from and why.
   *
   * @param topic the dead-letter topic
   * @param r the original record
   * @param id the transaction id
   * @param attempts how many times it was attempted
   * @param category the error category ({@code BUSINESS}, {@code SYSTEM}, {@code TIMEOUT}, {@code
   *     rejected}, {@code undecodable})
   * @param message the error message, or null
   * @return the record
   */
  public static ProducerRecord<byte[], byte[]> deadLetter(
      String topic,
      ConsumerRecord<byte[], byte[]> r,
      String id,
      int attempts,
      String category,
      @Nullable String message) {
    Headers headers = new RecordHeaders();
    for (Header h : r.headers()) {
      if (!h.key().startsWith("Ergon-Original-") && !h.key().startsWith("Ergon-Error-")) {
        headers.add(h);
      }
    }
    headers.remove(ID_HEADER);
    headers.add(ID_HEADER, utf8(id));
    headers.add("Ergon-Original-Topic", utf8(r.topic()));
    headers.add("Ergon-Original-Partition", utf8(String.valueOf(r.partition())));
    headers.add("Ergon-Original-Offset", utf8(String.valueOf(r.offset())));
    headers.add("Ergon-Attempts", utf8(String.valueOf(attempts)));
    headers.add("Ergon-Error-Category", utf8(category));
    if (message != null) {
      headers.add("Ergon-Error-Message", utf8(message));
    }
    headers.add("Ergon-Dead-Lettered-At", utf8(Instant.now().toString()));
    return new ProducerRecord<>(topic, null, r.key(), r.value(), headers);
  }

  /**
   * The category of a rejection: the engine's failure category, or {@code rejected}.
   *
   * @param rejection the reason, or null
   * @return the category
   */
  public static String category(@Nullable Rejection rejection) {
    return rejection == null ? "rejected" : rejection.category().name();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
