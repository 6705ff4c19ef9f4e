package dev.ergon.connector.nats.internal;

import dev.ergon.ConfigurationException;

/** NATS subject checks: validity, wildcards and matching of a subject against a filter. */
public final class Subjects {
  private Subjects() {}

  /**
   * Requires a valid subject: dot-separated non-empty tokens without white space; {@code *} and a
   * final {@code >} only when {@code wildcards}.
   *
   * @param key the setting, for the error
   * @param subject the subject
   * @param wildcards whether wildcards are allowed
   */
  public static void requireValid(String key, String subject, boolean wildcards) {
    String[] tokens = subject.split("\\.", -1);
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      boolean bad = t.isEmpty() || t.chars().anyMatch(Character::isWhitespace);
      if (!bad && (t.contains("*") || t.contains(">"))) {
        boolean wildcard = t.equals("*") || (t.equals(">") && i == tokens.length - 1);
        bad = !wildcards || !wildcard;
      }
      if (bad) {
        throw new ConfigurationException(
            key,
            "'" + subject + "'",
            wildcards
                ? "a subject of dot-separated tokens (wildcards '*' and a final '>' allowed)"
                : "a subject of dot-separated tokens without wildcards");
      }
    }
  }

  /**
   * Whether a subject has a wildcard token.
   *
   * @param subject the subject
   * @return true when it has {@code *} or {@code >}
   */
  public static boolean hasWildcard(String subject) {
    for (String t : subject.split("\\.", -1)) {
      if (t.equals("*") || t.equals(">")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a literal subject matches a filter.
   *
   * @param filter the filter, with wildcards
   * @param subject a literal subject
   * @return true when a consumer on {@code filter} would receive {@code subject}
   */
  public static boolean matches(String filter, String subject) {
    String[] f = filter.split("\\.", -1);
    String[] s = subject.split("\\.", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals(">")) {
        return s.length > i;
      }
      if (i >= s.length || !(f[i].equals("*") || f[i].equals(s[i]))) {
        return false;
      }
    }
    return f.length == s.length;
  }
}
