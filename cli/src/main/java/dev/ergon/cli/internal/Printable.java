package dev.ergon.cli.internal;

import java.util.Locale;

/** Escapes text for one-line messages; internal to the command line. */
public final class Printable {
  private Printable() {}

  /**
   * Escapes what would break a one-line message or cannot be printed: C0 and C1 line controls, DEL,
   * NEL, the Unicode line and paragraph separators, and unpaired surrogates, as {@code \\uXXXX}.
   *
   * @param text any text
   * @return the text, safe to print on one line
   */
  public static String of(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c < 0x20
                  || c == 0x7F
                  || c == 0x85
                  || c == 0x2028
                  || c == 0x2029
                  || (c >= 0xD800 && c <= 0xDFFF)) {
                b.append(String.format(Locale.ROOT, "\\u%04X", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
