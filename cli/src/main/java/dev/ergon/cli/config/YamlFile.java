package dev.ergon.cli.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ergon.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads a YAML file into flat settings, one per leaf. Duplicate keys are an error. */
final class YamlFile {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private YamlFile() {}

  /**
   * The file's leaves: scalars, lists and empty mappings, each with its key path.
   *
   * @param file the file
   * @param required whether a missing file is an error
   * @return the settings, in file order
   */
  static List<Setting> read(Path file, boolean required) {
    if (!Files.exists(file)) {
      if (required) {
        throw new ConfigurationException(
            "configuration file " + file.toAbsolutePath() + " does not exist");
      }
      return List.of();
    }
    String source = "file " + file.toAbsolutePath().normalize();
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new ConfigurationException(
          Setting.printable(source + " is not valid YAML: " + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigurationException("cannot read " + source + ": " + e.getMessage());
    }
    List<Setting> out = new ArrayList<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new ConfigurationException(
          source + " must hold a mapping with a 'tasks' key, not a " + root.getNodeType());
    }
    flatten(root, new ArrayList<>(), source, out);
    return out;
  }

  private static void flatten(JsonNode node, List<String> path, String source, List<Setting> out) {
    if (node.isObject() && !node.isEmpty()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        path.add(e.getKey());
        flatten(e.getValue(), path, source, out);
        path.remove(path.size() - 1);
      }
      return;
    }
    out.add(new Setting(path, value(node), Setting.Origin.FILE, source));
  }

  private static @Nullable Object value(JsonNode node) {
    if (node.isObject()) {
      return Map.of();
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>();
      node.forEach(n -> items.add(value(n)));
      return java.util.Collections.unmodifiableList(items);
    }
    if (node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isInt()) {
      return node.intValue();
    }
    if (node.isLong()) {
      return node.longValue();
    }
    if (node.isFloatingPointNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }
}
