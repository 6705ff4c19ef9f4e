package dev.ergon.connector.s3.internal;

import dev.ergon.connector.s3.S3Config.LineFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Splits the content of a {@code LINES} object into records, each with the (1-based) line it starts
 * on. A record that cannot be read is kept, with its error, so that it is dead-lettered alone;
 * blank lines are skipped.
 */
public final class LineRecords {
  private LineRecords() {}

  /**
   * One record.
   *
   * @param line the line it starts on, from 1
   * @param raw its text as in the object
   * @param value the parsed value, or null when it could not be read
   * @param error why it could not be read, or null
   */
  public record Line(int line, String raw, @Nullable Object value, @Nullable String error) {}

  /**
   * The records of an object.
   *
   * @param content the object's bytes (UTF-8)
   * @param format JSON Lines or CSV with a header row
   * @return the records in order
   */
  public static List<Line> split(byte[] content, LineFormat format) {
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return switch (format) {
      case JSON -> jsonLines(text);
      case CSV -> csv(text);
    };
  }

  private static List<Line> jsonLines(String text) {
    List<Line> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (raw.isBlank()) {
        continue;
      }
      try {
        Object value = ObjectCodec.parseJson(raw);
        out.add(new Line(i + 1, raw, value == null ? "null" : value, null));
      } catch (IOException e) {
        out.add(new Line(i + 1, raw, null, "is not valid JSON: " + firstLine(e.getMessage())));
      }
    }
    return out;
  }

  private static List<Line> csv(String text) {
    List<Line> out = new ArrayList<>();
    CsvReader reader = new CsvReader(text);
    CsvReader.Row header = reader.next();
    while (header != null && header.blank()) {
      header = reader.next();
    }
    if (header == null) {
      return out;
    }
    if (header.error() != null) {
      out.add(new Line(header.line(), header.raw(), null, "(the header row) " + header.error()));
      return out;
    }
    List<String> columns = header.fields();
    for (CsvReader.Row row = reader.next(); row != null; row = reader.next()) {
      if (row.blank()) {
        continue;
      }
      if (row.error() != null) {
        out.add(new Line(row.line(), row.raw(), null, row.error()));
      } else if (row.fields().size() != columns.size()) {
        out.add(
            new Line(
                row.line(),
                row.raw(),
                null,
                "has "
                    + row.fields().size()
                    + " fields but the header has "
                    + columns.size()
                    + " "
                    + columns));
      } else {
        Map<String, String> value = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          value.put(columns.get(i), row.fields().get(i));
        }
        out.add(new Line(row.line(), row.raw(), value, null));
      }
    }
    return out;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
