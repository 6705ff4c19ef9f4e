package dev.ergon.connector.s3.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 4180 reader: comma-separated fields, double quotes around fields that hold commas, quotes
 * or line breaks, {@code ""} for a quote inside them. Not thread-safe.
 */
final class CsvReader {
  /** One row, the line it starts on, its text, and an error when it is malformed. */
  record Row(int line, String raw, List<String> fields, @Nullable String error) {
    boolean blank() {
      return error == null && fields.size() == 1 && fields.get(0).isBlank();
    }
  }

  private final String text;
  private int pos;
  private int line = 1;

  CsvReader(String text) {
    this.text = text;
  }

  /** The next row, or null at the end. */
  @Nullable Row next() {
    if (pos >= text.length()) {
      return null;
    }
    int start = pos;
    int startLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (quoted) {
        if (c == '"') {
          if (pos < text.length() && text.charAt(pos) == '"') {
            field.append('"');
            pos++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty() && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\n') {
        line++;
        return row(startLine, start, pos - 1, fields, field, null);
      } else if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
        continue;
      } else if (wasQuoted) {
        skipToEndOfLine();
        return row(startLine, start, pos, fields, field, "has text after a closing quote");
      } else {
        field.append(c);
      }
    }
    return row(
        startLine,
        start,
        pos,
        fields,
        field,
        quoted ? "has a quoted field that is never closed" : null);
  }

  private void skipToEndOfLine() {
    while (pos < text.length() && text.charAt(pos) != '\n') {
      pos++;
    }
    if (pos < text.length()) {
      pos++;
      line++;
    }
  }

  private Row row(
      int startLine,
      int from,
      int to,
      List<String> fields,
      StringBuilder last,
      @Nullable String error) {
    fields.add(last.toString());
    String raw = text.substring(from, Math.max(from, to));
    if (raw.endsWith("\r")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    return new Row(startLine, raw, List.copyOf(fields), error);
  }
}
