package dev.ergon.transaction;

/**
 * Converts a payload to a requested type. The default, {@link #json()}, is Jackson: it reads JSON
 * from {@code byte[]} and {@code String} payloads and converts maps, lists and other objects by
 * value.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PayloadCodec {

  /**
   * Converts {@code payload} to {@code type}.
   *
   * @param payload the payload as stored in the transaction
   * @param type the target type
   * @param <T> the target type
   * @return the converted value
   * @throws RuntimeException when it cannot be converted (the transaction wraps it in a {@link
   *     PayloadConversionException})
   */
  <T> T convert(Object payload, Class<T> type);

  /**
   * The Jackson codec, with a shared, immutable default configuration (unknown properties fail,
   * Java time types are not registered).
   *
   * @return the JSON codec
   */
  static PayloadCodec json() {
    return JsonPayloadCodec.DEFAULT;
  }
}
