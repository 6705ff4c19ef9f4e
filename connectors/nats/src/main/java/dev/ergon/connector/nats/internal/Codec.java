package dev.ergon.connector.nats.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.Utf8Check;
import dev.ergon.transaction.Transaction;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps messages to transactions and back. The body is JSON (Jackson); headers become metadata
 * entries under their own names (so {@code traceparent} travels both ways); delivery details become
 * read-only entries under {@link #PREFIX}, which are not published as headers.
 */
public final class Codec {
  /** The prefix of metadata entries that describe the delivery: {@code nats.}. */
  public static final String PREFIX = "nats.";

  /** The server's deduplication header; also read as the transaction id. */
  public static final String MSG_ID = "Nats-Msg-Id";

  /** The header that carries the transaction id. */
  public static final String TX_ID = "Ergon-Transaction-Id";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Codec() {}

  /**
   * The transaction id of a stored message: its {@code Nats-Msg-Id}, or {@code <stream>/<sequence>}
   * when it has none.
   *
   * @param headers the message headers, or null
   * @param stream the stream
   * @param seq the stream sequence
   * @return the id
   */
  public static String id(@Nullable Headers headers, String stream, long seq) {
    for (String header : new String[] {TX_ID, MSG_ID}) {
      String v = headers == null ? null : headers.getFirst(header);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return stream + "/" + seq;
  }

  /**
   * Decodes a JSON body.
   *
   * @param body the bytes
   * @return the value (map, list, string, number or boolean)
   * @throws IOException when the body is not JSON, or is empty or {@code null}
   */
  public static Object decode(byte[] body) throws IOException {
    if (body.length == 0) {
      throw new IOException("the body is empty, not JSON");
    }
    Object value = JSON.readValue(body, Object.class);
    if (value == null) {
      throw new IOException("the body is JSON null");
    }
    return value;
  }

  /**
   * The metadata of a message: its headers (first value of each) plus the {@code nats.} entries.
   *
   * @param headers the headers, or null
   * @param delivery the delivery entries, already prefixed
   * @return the metadata
   */
  public static Map<String, String> metadata(
      @Nullable Headers headers, Map<String, String> delivery) {
    Map<String, String> meta = new HashMap<>();
    if (headers != null) {
      headers.forEach(
          (k, v) -> {
            if (!v.isEmpty() && v.get(0) != null) {
              meta.put(k, v.get(0));
            }
          });
    }
    meta.putAll(delivery);
    return meta;
  }

  /**
   * The headers for publishing {@code tx}: its metadata outside {@link #PREFIX} and outside the
   * server's {@code Nats-} headers, plus {@code Ergon-Transaction-Id} = the transaction id (and
   * {@code Nats-Msg-Id} too when {@code deduplicate}).
   *
   * @param tx the transaction
   * @param deduplicate whether to set {@code Nats-Msg-Id}
   * @return the headers
   * @throws IllegalArgumentException when a metadata entry is not a valid header (named)
   */
  public static Headers headers(Transaction tx, boolean deduplicate) {
    Utf8Check.require(tx); // before anything is encoded: UTF-8 would replace a lone surrogate
    Headers h = new Headers();
    tx.metadata()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(PREFIX) && !k.regionMatches(true, 0, "Nats-", 0, 5)) {
                try {
                  requireUntrimmed(v);
                  h.put(k, v);
                } catch (IllegalArgumentException e) {
                  throw new IllegalArgumentException(
                      "metadata entry '"
                          + k
                          + "' of transaction '"
                          + tx.id()
                          + "' is not a valid NATS header: "
                          + e.getMessage(),
                      e);
                }
              }
            });
    h.put(TX_ID, tx.id());
    if (deduplicate) {
      h.put(MSG_ID, tx.id());
    }
    return h;
  }

  /**
   * Refuses a header value that the protocol would change: whitespace and control characters (up to
   * U+0020) at either end are not part of a NATS header value (ADR-4), so the server and the client
   * strip them and the value would arrive changed.
   */
  private static void requireUntrimmed(String v) {
    if (v.isEmpty()) {
      return;
    }
    int at = v.charAt(0) <= ' ' ? 0 : v.charAt(v.length() - 1) <= ' ' ? v.length() - 1 : -1;
    if (at >= 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the value %s with U+%04X at index %d, which NATS strips from header values",
              at == 0 ? "starts" : "ends",
              (int) v.charAt(at),
              at));
    }
  }

  /**
   * The body for {@code tx}: bytes as they are, anything else as JSON (a string too, so that it
   * decodes back to the same string).
   *
   * @param tx the transaction
   * @return the body
   * @throws IllegalArgumentException when the payload cannot be written as JSON
   */
  public static byte[] body(Transaction tx) {
    Object payload = tx.payload();
    if (payload instanceof byte[] bytes) {
      return bytes;
    }
    try {
      return JSON.writeValueAsBytes(payload);
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
   * Headers of a dead letter: the original headers without {@code Nats-Msg-Id} (the dead letter
   * gets its own, {@code dead:<stream>/<seq>}, so a repeated dead-lettering is dropped as a
   * duplicate when both land in one stream) plus the {@code Ergon-} entries.
   *
   * @param original the original headers, or null
   * @param entries the {@code Ergon-} entries (null values are left out)
   * @param stream the stream
   * @param seq the stream sequence
   * @return the headers
   */
  public static Headers deadLetterHeaders(
      @Nullable Headers original, Map<String, @Nullable String> entries, String stream, long seq) {
    Headers h = new Headers();
    if (original != null) {
      original.forEach(
          (k, v) -> {
            if (!k.equalsIgnoreCase(MSG_ID) && !k.regionMatches(true, 0, "Nats-", 0, 5)) {
              h.put(k, List.copyOf(v));
            }
          });
    }
    entries.forEach(
        (k, v) -> {
          if (v != null) {
            h.put(k, printable(v));
          }
        });
    h.put(MSG_ID, "dead:" + stream + "/" + seq);
    return h;
  }

  /**
   * A header value: control characters replaced by spaces, at most 512 characters.
   *
   * @param text any text
   * @return a value NATS accepts
   */
  public static String printable(String text) {
    StringBuilder b = new StringBuilder(Math.min(text.length(), 512));
    for (int i = 0; i < text.length() && b.length() < 512; i++) {
      char c = text.charAt(i);
      b.append(c < 32 || c > 126 ? ' ' : c);
    }
    return b.toString();
  }

  /**
   * The body as text for an error message: at most 60 characters.
   *
   * @param body the bytes
   * @return a short preview
   */
  public static String preview(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 60), StandardCharsets.UTF_8);
    return printable(s) + (body.length > 60 ? "…" : "");
  }
}
