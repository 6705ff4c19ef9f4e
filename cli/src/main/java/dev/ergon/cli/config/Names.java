package dev.ergon.cli.config;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds a task or policy name in a key path, as each kind of source spells it. */
final class Names {
  private Names() {}

  /**
   * A name found in a path, and the index of the segment after it.
   *
   * @param name the name as registered
   * @param next the first segment after the name
   */
  record Match(String name, int next) {}

  /**
   * Matches the segments from {@code from} against {@code names}: exactly in files; exactly, with
   * dots allowed across segments, in properties; ignoring case with {@code -} and {@code .} as
   * {@code _} in environment variables.
   *
   * @param s the setting
   * @param from the index of the name's first segment
   * @param names the known names
   * @return the match, or empty when none matches
   * @throws dev.ergon.ConfigurationException when an environment segment matches several names
   */
  static Optional<Match> find(Setting s, int from, Collection<String> names) {
    List<String> path = s.path();
    if (from >= path.size()) {
      return Optional.empty();
    }
    String segment = path.get(from);
    return switch (s.origin()) {
      case FILE -> names.contains(segment) ? Optional.of(new Match(segment, from + 1)) : none();
      case PROPERTY -> longestDotted(path, from, names);
      case ENVIRONMENT -> {
        List<String> hits =
            names.stream().filter(n -> normalise(n).equals(normalise(segment))).toList();
        if (hits.size() > 1) {
          throw s.problem("'" + segment + "' matches several names: " + hits);
        }
        yield hits.isEmpty() ? none() : Optional.of(new Match(hits.get(0), from + 1));
      }
    };
  }

  private static Optional<Match> longestDotted(
      List<String> path, int from, Collection<String> names) {
    for (int end = path.size(); end > from; end--) {
      String candidate = String.join(".", path.subList(from, end));
      if (names.contains(candidate)) {
        return Optional.of(new Match(candidate, end));
      }
    }
    return none();
  }

  /**
   * The environment spelling of a name: lower case, {@code -} and {@code .} as {@code _}.
   *
   * @param name the name
   * @return the normalised name
   */
  static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  private static Optional<Match> none() {
    return Optional.empty();
  }
}
