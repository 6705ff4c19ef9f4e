package dev.ergon.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.transaction.Transaction;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks, for connector authors, that a transaction's text can be written as UTF-8 without loss
 * before it is dispatched: a Java string may hold an unpaired surrogate (half of a UTF-16 pair),
 * which no UTF-8 encoder can carry; {@link String#getBytes} and JSON writers replace it with {@code
 * ?} or U+FFFD, so the transaction would arrive changed and nobody would know. A connector calls
 * {@link #require(Transaction)} where it encodes a transaction and reports the exception as that
 * transaction's dispatch failure.
 *
 * <pre>{@code
 * Utf8Check.require(tx); // IllegalArgumentException: transaction 'order-7': payload.lines[2].sku
 *                        // holds an unpaired surrogate U+D800 at index 3, which UTF-8 cannot carry
 * }</pre>
 */
public final class Utf8Check {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Utf8Check() {}

  /**
   * Requires that the id, the metadata (keys and values) and the payload's text (strings, map keys
   * and, for other objects, the text of their JSON form; a {@code byte[]} payload is passed as is)
   * hold no unpaired surrogate.
   *
   * @param tx the transaction about to be dispatched
   * @throws IllegalArgumentException naming the transaction, the field (for example {@code
   *     payload.lines[2].sku} or {@code metadata 'tenant'}), the code unit and its index
   */
  public static void require(Transaction tx) {
    String where = find(tx);
    if (where != null) {
      throw new IllegalArgumentException(
          "transaction '" + printable(tx.id()) + "': " + where + ", which UTF-8 cannot carry");
    }
  }

  /**
   * Where a transaction holds an unpaired surrogate, or null when it holds none.
   *
   * @param tx the transaction
   * @return for example {@code "payload.name holds an unpaired surrogate U+DC00 at index 0"}
   */
  public static @Nullable String find(Transaction tx) {
    String at = inText("id", tx.id());
    if (at != null) {
      return at;
    }
    for (Map.Entry<String, String> e : tx.metadata().entrySet()) {
      at = inText("metadata key '" + printable(e.getKey()) + "'", e.getKey());
      if (at == null) {
        at = inText("metadata '" + printable(e.getKey()) + "'", e.getValue());
      }
      if (at != null) {
        return at;
      }
    }
    return inValue("payload", tx.payload());
  }

  /**
   * The index of the first unpaired surrogate in {@code s}, or -1.
   *
   * @param s the text
   * @return the index of the lone high or low surrogate, or -1 when every surrogate is paired
   */
  public static int unpairedSurrogate(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return i;
      }
      if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  private static @Nullable String inText(String field, String s) {
    int i = unpairedSurrogate(s);
    return i < 0
        ? null
        : String.format(
            Locale.ROOT,
            "%s holds an unpaired surrogate U+%04X at index %d",
            field,
            (int) s.charAt(i),
            i);
  }

  private static @Nullable String inValue(String path, @Nullable Object value) {
    if (value == null
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof byte[]
        || value instanceof Character c && !Character.isSurrogate(c)) {
      return null;
    }
    if (value instanceof CharSequence s) {
      return inText(path, s.toString());
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String at = inText(path + " key '" + printable(key) + "'", key);
        if (at == null) {
          at = inValue(path + "." + printable(key), e.getValue());
        }
        if (at != null) {
          return at;
        }
      }
      return null;
    }
    if (value instanceof Iterable<?> items) {
      int i = 0;
      for (Object item : items) {
        String at = inValue(path + "[" + i++ + "]", item);
        if (at != null) {
          return at;
        }
      }
      return null;
    }
    if (value instanceof Object[] items) {
      for (int i = 0; i < items.length; i++) {
        String at = inValue(path + "[" + i + "]", items[i]);
        if (at != null) {
          return at;
        }
      }
      return null;
    }
    // another object (a record, a bean, a JsonNode): its text is what its JSON form holds
    JsonNode tree;
    try {
      tree = value instanceof JsonNode n ? n : JSON.valueToTree(value);
    } catch (IllegalArgumentException e) {
      return null; // not writable as JSON: the connector's encoder reports that itself
    }
    return inNode(path, tree);
  }

  private static @Nullable String inNode(String path, JsonNode node) {
    if (node.isTextual()) {
      return inText(path, node.textValue());
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String at = inText(path + " key '" + printable(e.getKey()) + "'", e.getKey());
        if (at == null) {
          at = inNode(path + "." + printable(e.getKey()), e.getValue());
        }
        if (at != null) {
          return at;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String at = inNode(path + "[" + i + "]", node.get(i));
        if (at != null) {
          return at;
        }
      }
    }
    return null;
  }

  /** The text with surrogates and controls shown as escapes, so the message itself is sound. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), 80) + 8);
    int i = 0;
    for (; i < s.length() && out.length() < 80; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c) || Character.isISOControl(c)) {
        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return i < s.length() ? out + "…" : out.toString();
  }
}
