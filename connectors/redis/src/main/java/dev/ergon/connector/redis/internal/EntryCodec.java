package dev.ergon.connector.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.Utf8Check;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps stream entries to transactions and back. An entry written by the connector has the fields
 * {@code id} (the transaction id), {@code payload} (the payload as JSON text) and one field per
 * metadata entry, under its own name (so {@code traceparent} is a field). Metadata entries under
 * {@link #PREFIX} describe a delivery and are not written.
 */
public final class EntryCodec {
  /** The prefix of metadata entries that describe the delivery: {@code redis.}. */
  public static final String PREFIX = "redis.";

  /** The field that holds the transaction id. */
  public static final String ID = "id";

  /** The field that holds the payload, as JSON. */
  public static final String PAYLOAD = "payload";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EntryCodec() {}

  /**
   * The fields of an entry for {@code tx}.
   *
   * @param tx the transaction
   * @return the fields, {@code id} and {@code payload} first
   * @throws IllegalArgumentException when the payload cannot be written as JSON, or a metadata key
   *     is {@code id} or {@code payload} (named, with the transaction)
   */
  public static Map<String, String> fields(Transaction tx) {
    Utf8Check.require(tx); // UTF-8 would replace a lone surrogate
    Map<String, String> f = new LinkedHashMap<>();
    f.put(ID, tx.id());
    f.put(PAYLOAD, json(tx));
    tx.metadata()
        .forEach(
            (k, v) -> {
              if (k.equals(ID) || k.equals(PAYLOAD)) {
                throw new IllegalArgumentException(
                    "metadata entry '"
                        + k
                        + "' of transaction '"
                        + tx.id()
                        + "' has the name of a reserved field ('id' and 'payload' hold the"
                        + " transaction id and payload)");
              }
              if (!k.startsWith(PREFIX)) {
                f.put(k, v);
              }
            });
    return f;
  }

  private static String json(Transaction tx) {
    Object payload = tx.payload();
    if (payload instanceof byte[] bytes) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException(
            "payload of transaction '" + tx.id() + "' is bytes that are not UTF-8 (JSON) text", e);
      }
    }
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "payload of transaction '"
              + tx.id()
              + "' ("
              + payload.getClass().getName()
              + ") cannot be written as JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  /**
   * The transaction id of an entry: its {@code id} field, or the entry id when it has none.
   *
   * @param entryId the stream entry id
   * @param fields the entry's fields
   * @return the id
   */
  public static String id(String entryId, Map<String, String> fields) {
    String id = fields.get(ID);
    return id == null || id.isBlank() ? entryId : id;
  }

  /**
   * The payload of an entry: its {@code payload} field read as JSON; an entry without one (written
   * by another producer) is its fields as a map of strings.
   *
   * @param fields the entry's fields
   * @return a map, list, string, number or boolean
   * @throws IOException when the {@code payload} field is not JSON (or is JSON {@code null})
   */
  public static Object payload(Map<String, String> fields) throws IOException {
    String text = fields.get(PAYLOAD);
    if (text == null) {
      return Map.copyOf(fields);
    }
    if (text.isBlank()) {
      throw new IOException("the payload field is empty, not JSON");
    }
    Object value;
    try {
      value = JSON.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IOException(e.getOriginalMessage(), e);
    }
    if (value == null) {
      throw new IOException("the payload field is JSON null");
    }
    return value;
  }

  /**
   * The metadata of an entry: its fields other than {@code id} and {@code payload} (none for an
   * entry without a {@code payload} field, whose fields are the payload), plus {@code delivery}.
   *
   * @param fields the entry's fields
   * @param delivery the delivery entries, already prefixed
   * @return the metadata
   */
  public static Map<String, String> metadata(
      Map<String, String> fields, Map<String, String> delivery) {
    Map<String, String> meta = new LinkedHashMap<>();
    if (fields.containsKey(PAYLOAD)) {
      fields.forEach(
          (k, v) -> {
            if (!k.equals(ID) && !k.equals(PAYLOAD) && !k.startsWith(PREFIX)) {
              meta.put(k, v);
            }
          });
    }
    meta.putAll(delivery);
    return meta;
  }

  /**
   * A short, printable preview of a text for an error message: at most 60 characters.
   *
   * @param text the text
   * @return the preview
   */
  public static String preview(String text) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < text.length() && b.length() < 60; i++) {
      char c = text.charAt(i);
      b.append(c < 32 ? ' ' : c);
    }
    return b + (text.length() > 60 ? "…" : "");
  }
}
