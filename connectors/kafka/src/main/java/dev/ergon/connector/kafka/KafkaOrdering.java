package dev.ergon.connector.kafka;

import dev.ergon.ConfigurationException;
import java.util.Locale;

/**
 * Which records of a {@link KafkaConnector} may be processed at the same time. A record that may
 * not run yet is held back in the connector (not handed to the engine) until the earlier one is
 * settled; its offset stays below the committed watermark meanwhile.
 */
public enum KafkaOrdering {
  /** Any records at once; the order of processing is not kept. */
  UNORDERED,
  /** One record of a partition at a time, in offset order. */
  PARTITION,
  /**
   * One record of a key (within its partition) at a time, in offset order; records with other keys
   * run in parallel. Records without a key are not ordered. The default.
   */
  KEY;

  /**
   * Parses {@code unordered}, {@code partition} or {@code key} (any case).
   *
   * @param key the settings key, for the error
   * @param value the text
   * @return the ordering
   * @throws ConfigurationException naming the key and the value when it is none of them
   */
  public static KafkaOrdering parse(String key, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "unordered" -> UNORDERED;
      case "partition" -> PARTITION;
      case "key" -> KEY;
      default ->
          throw new ConfigurationException(key, "'" + value + "'", "unordered, partition or key");
    };
  }
}
