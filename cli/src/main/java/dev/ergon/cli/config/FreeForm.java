package dev.ergon.cli.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the free-form {@code connectors} and {@code services} sections back into nested maps,
 * later sources replacing earlier ones at the same key.
 */
final class FreeForm {
  private FreeForm() {}

  /**
   * Nests the settings' paths from {@code from} on.
   *
   * @param settings the settings, lowest precedence first
   * @param from the index of the first segment below the section
   * @return an unmodifiable nested map
   */
  static Map<String, Object> tree(List<Setting> settings, int from) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Setting s : settings) {
      List<String> path = s.path().subList(from, s.path().size());
      if (path.isEmpty()) {
        continue; // "connectors: {}" or null
      }
      Map<String, Object> node = root;
      for (String segment : path.subList(0, path.size() - 1)) {
        node = child(node, segment);
      }
      Object value = s.value();
      node.put(
          path.get(path.size() - 1), value instanceof Map<?, ?> ? new LinkedHashMap<>() : value);
    }
    return frozen(root);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> node, String segment) {
    Object existing = node.get(segment);
    if (existing instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    node.put(segment, created); // a later source replaces a scalar with a mapping
    return created;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> frozen(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach(
        (k, v) -> copy.put(k, v instanceof Map<?, ?> m ? frozen((Map<String, Object>) m) : v));
    return Collections.unmodifiableMap(copy);
  }
}
