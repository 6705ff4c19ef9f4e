package dev.ergon.cli;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes generated trees as YAML text, block style, by hand (so that any string, lone surrogates
 * and control characters included, can be written as an escape), sometimes with plain unquoted
 * scalars that the reader then has to guess the type of.
 */
final class YamlText {
  private YamlText() {}

  static String of(Map<String, @Nullable Object> tree, Garbage g) {
    StringBuilder b = new StringBuilder();
    mapping(b, tree, 0, g);
    return b.toString();
  }

  private static void mapping(
      StringBuilder b, Map<String, @Nullable Object> m, int indent, Garbage g) {
    for (Map.Entry<String, @Nullable Object> e : m.entrySet()) {
      b.append(" ".repeat(indent)).append(scalar(e.getKey(), g)).append(':');
      block(b, e.getValue(), indent, g);
    }
  }

  @SuppressWarnings("unchecked")
  private static void block(StringBuilder b, @Nullable Object v, int indent, Garbage g) {
    if (v instanceof Map<?, ?> m && !m.isEmpty()) {
      b.append('\n');
      mapping(b, (Map<String, @Nullable Object>) m, indent + 2, g);
    } else if (v instanceof List<?> l && !l.isEmpty()) {
      b.append('\n');
      for (Object item : l) {
        b.append(" ".repeat(indent + 2)).append('-');
        block(b, item, indent + 2, g);
      }
    } else {
      b.append(' ')
          .append(v instanceof Map<?, ?> ? "{}" : v instanceof List<?> ? "[]" : scalar(v, g));
      b.append('\n');
    }
  }

  private static String scalar(@Nullable Object v, Garbage g) {
    if (v == null) {
      return g.chance(50) ? "null" : "~";
    }
    if (!(v instanceof String s)) {
      return String.valueOf(v);
    }
    if (g.chance(25) && s.matches("[A-Za-z0-9_.+-]+")) {
      return s; // plain: the reader decides whether it is a number, a boolean, a string
    }
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
