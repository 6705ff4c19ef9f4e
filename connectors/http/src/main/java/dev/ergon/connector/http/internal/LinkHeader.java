package dev.ergon.connector.http.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code rel="next"} target of RFC 8288 {@code Link} headers. */
public final class LinkHeader {
  /** One link-value: {@code <target>} followed by parameters, up to the next link-value. */
  private static final Pattern LINK =
      Pattern.compile("<([^>]*)>((?:\\s*;\\s*[^;,]+(?:=(?:\"[^\"]*\"|[^;,]*))?)*)");

  private static final Pattern REL =
      Pattern.compile("(?i);\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^;,\\s]+))");

  private LinkHeader() {}

  /**
   * The target of the first link whose relation types include {@code next}.
   *
   * @param values the {@code Link} header values (a header may hold several comma-separated links)
   * @return the target as written (maybe relative), or empty
   */
  public static Optional<String> next(List<String> values) {
    for (String value : values) {
      Matcher m = LINK.matcher(value);
      while (m.find()) {
        Matcher rel = REL.matcher(m.group(2));
        while (rel.find()) {
          String types = rel.group(1) != null ? rel.group(1) : rel.group(2);
          for (String t : types.trim().split("\\s+")) {
            if (t.toLowerCase(Locale.ROOT).equals("next")) {
              return Optional.of(m.group(1).trim());
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
