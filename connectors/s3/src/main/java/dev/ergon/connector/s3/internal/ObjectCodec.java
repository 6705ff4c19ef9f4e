package dev.ergon.connector.s3.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns object content and user metadata into payloads and transaction metadata, and back.
 *
 * <p>Content whose type is JSON ({@code application/json}, {@code *+json}) or whose key ends with
 * {@code .json} becomes the parsed value (maps, lists, strings, numbers), or the text when it does
 * not parse; {@code text/*} becomes a {@code String}; anything else stays {@code byte[]}. On write
 * a {@code String} is {@code text/plain}, a {@code byte[]} is {@code application/octet-stream}, and
 * any other payload is written as JSON. Metadata values that are not printable ASCII travel as RFC
 * 2047 encoded words ({@code =?UTF-8?B?...?=}), as S3 itself does.
 */
public final class ObjectCodec {
  /** Transaction metadata keys the connector sets on fetch; never written as user metadata. */
  public static final String RESERVED = "s3.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectReader STRICT =
      JSON.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final int MAX_USER_METADATA_BYTES = 2048;

  private ObjectCodec() {}

  /**
   * An encoded payload.
   *
   * @param body the bytes
   * @param contentType their media type
   */
  public record Encoded(byte[] body, String contentType) {}

  /**
   * The payload of an object.
   *
   * @param bytes the content
   * @param contentType its media type, or null
   * @param key its key
   * @return the payload
   */
  public static Object decode(byte[] bytes, @Nullable String contentType, String key) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (isJson(type, key)) {
      try {
        Object value = STRICT.readValue(bytes);
        return value == null ? "null" : value;
      } catch (IOException e) {
        return new String(bytes, StandardCharsets.UTF_8);
      }
    }
    if (type.startsWith("text/")) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return bytes;
  }

  private static boolean isJson(String type, String key) {
    String media = type.split(";", 2)[0].trim();
    return media.equals("application/json")
        || media.endsWith("+json")
        || (media.isEmpty()
                || media.equals("application/octet-stream")
                || media.equals("binary/octet-stream"))
            && key.toLowerCase(Locale.ROOT).endsWith(".json");
  }

  /**
   * Parses one JSON value strictly (no trailing content).
   *
   * @param text the JSON
   * @return the value
   * @throws IOException when it is not one JSON value
   */
  public static @Nullable Object parseJson(String text) throws IOException {
    return STRICT.readValue(text);
  }

  /**
   * The bytes and media type a payload is written as.
   *
   * @param tx the transaction
   * @return the encoded payload
   * @throws IllegalArgumentException when the payload cannot be written as JSON
   */
  public static Encoded encode(Transaction tx) {
    Object payload = tx.payload();
    if (payload instanceof String s) {
      return new Encoded(s.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }
    if (payload instanceof byte[] bytes) {
      return new Encoded(bytes, "application/octet-stream");
    }
    try {
      return new Encoded(JSON.writeValueAsBytes(payload), "application/json");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "payload " + payload.getClass().getName() + " cannot be written as JSON: " + e, e);
    }
  }

  /**
   * Transaction metadata as S3 user metadata: keys outside {@value #RESERVED}, checked.
   *
   * @param tx the transaction
   * @return the user metadata
   * @throws IllegalArgumentException naming the key when one cannot be an S3 metadata name, or when
   *     all of it exceeds S3's 2 KB
   */
  public static Map<String, String> userMetadata(Transaction tx) {
    Map<String, String> out = new LinkedHashMap<>();
    int bytes = 0;
    for (Map.Entry<String, String> e : tx.metadata().entrySet()) {
      String key = e.getKey();
      if (key.startsWith(RESERVED)) {
        continue;
      }
      if (!key.matches("[a-z0-9][a-z0-9._-]{0,127}")) {
        throw new IllegalArgumentException(
            "metadata key '"
                + key
                + "' cannot be an S3 user-metadata name (S3 lower-cases names: use a-z, 0-9, '.',"
                + " '_' and '-')");
      }
      String value = encodeValue(e.getValue());
      bytes += key.length() + value.length();
      out.put(key, value);
    }
    if (bytes > MAX_USER_METADATA_BYTES) {
      throw new IllegalArgumentException(
          "metadata is "
              + bytes
              + " bytes as S3 user metadata, above S3's limit of "
              + MAX_USER_METADATA_BYTES);
    }
    return out;
  }

  /**
   * S3 user metadata as transaction metadata, encoded words decoded.
   *
   * @param userMetadata what S3 returned
   * @return the metadata
   */
  public static Map<String, String> fromUserMetadata(Map<String, String> userMetadata) {
    Map<String, String> out = new LinkedHashMap<>();
    userMetadata.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), decodeValue(v)));
    return out;
  }

  private static String encodeValue(String value) {
    if (value.matches("[\\x20-\\x7E]*") && !value.startsWith("=?")) {
      return value;
    }
    return "=?UTF-8?B?"
        + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
        + "?=";
  }

  private static String decodeValue(String value) {
    if (value.regionMatches(true, 0, "=?UTF-8?B?", 0, 10) && value.endsWith("?=")) {
      try {
        return new String(
            Base64.getDecoder().decode(value.substring(10, value.length() - 2)),
            StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return value;
      }
    }
    return value;
  }
}
