package dev.ergon.connector.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ergon.connector.Utf8Check;
import dev.ergon.transaction.Transaction;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a transaction into row columns and back. A {@code String} payload is stored as text and a
 * {@code byte[]} as bytes, both returned as they were; anything else is stored as JSON and read
 * back as Jackson's natural types (maps, lists, numbers). A {@code json} row whose text does not
 * parse (a row another program inserted) yields its raw text, so the task's typed payload access
 * fails with a clear error instead of the fetch failing. Thread-safe.
 */
final class RowCodec {
  private static final Logger LOG = LoggerFactory.getLogger(RowCodec.class);
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, @Nullable String>> METADATA =
      new TypeReference<>() {};

  private RowCodec() {}

  /** Binds id, kind, text, bytes and metadata to parameters 1 to 5. */
  static void bind(PreparedStatement ps, Transaction tx) throws SQLException {
    Utf8Check.require(tx); // the database stores UTF-8, which would replace a lone surrogate
    ps.setString(1, tx.id());
    Object payload = tx.payload();
    if (payload instanceof byte[] bytes) {
      ps.setString(2, "bytes");
      ps.setNull(3, Types.VARCHAR);
      ps.setBytes(4, bytes);
    } else {
      ps.setString(2, payload instanceof String ? "text" : "json");
      ps.setString(3, payload instanceof String s ? s : json(tx.id(), "payload", payload));
      ps.setNull(4, Types.BINARY);
    }
    ps.setString(5, json(tx.id(), "metadata", tx.metadata()));
  }

  /** Reads a transaction from columns id, kind, text, bytes, metadata starting at {@code col}. */
  static Transaction read(ResultSet rs, int col) throws SQLException {
    String id = rs.getString(col);
    String kind = rs.getString(col + 1);
    String text = rs.getString(col + 2);
    byte[] bytes = rs.getBytes(col + 3);
    String metadata = rs.getString(col + 4);
    return new Transaction(id, payload(id, kind, text, bytes), metadata(id, metadata));
  }

  private static Object payload(
      String id, String kind, @Nullable String text, byte @Nullable [] bytes) {
    if ("bytes".equals(kind) || text == null) {
      return bytes != null ? bytes : new byte[0];
    }
    if ("text".equals(kind)) {
      return text;
    }
    try {
      Object value = MAPPER.readValue(text, Object.class);
      return value != null ? value : text;
    } catch (JsonProcessingException e) {
      LOG.debug("transaction {}: payload is not valid JSON; kept as raw text", id);
      return text;
    }
  }

  private static Map<String, String> metadata(String id, @Nullable String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, @Nullable String> value = MAPPER.readValue(text, METADATA);
      if (value == null) {
        return Map.of();
      }
      Map<String, String> strings = new HashMap<>();
      value.forEach(
          (k, v) -> {
            if (v != null) {
              strings.put(k, v);
            }
          });
      return strings;
    } catch (JsonProcessingException e) {
      LOG.warn(
          "transaction {}: metadata is not a JSON object of strings; delivered without it: {}",
          id,
          e.getOriginalMessage());
      return Map.of();
    }
  }

  private static String json(String id, String what, Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "transaction '" + id + "': cannot write its " + what + " as JSON: " + e.getMessage(), e);
    }
  }
}
