package dev.ergon.connector.s3.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.Rejection;
import dev.ergon.connector.s3.S3Config;
import dev.ergon.time.TimeSource;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes dead letters under the failed prefix: the object (or line) itself, and beside it {@code
 * <key>.error.json} with the reason: {@code category} ({@code business}, {@code system}, {@code
 * timeout}, or the connector's own {@code parse} and {@code size}), {@code message}, {@code
 * attempts}, {@code handlerError}, the transaction id, the source key, the worker and the time.
 */
public final class DeadLetters {
  /** The suffix of the sidecar holding a dead letter's reason. */
  public static final String ERROR_SUFFIX = ".error.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectStore store;
  private final S3Config config;
  private final TimeSource time;

  /**
   * Dead letters in the connector's bucket.
   *
   * @param store the bucket
   * @param config the settings (failed prefix, worker id)
   * @param time the clock
   */
  public DeadLetters(ObjectStore store, S3Config config, TimeSource time) {
    this.store = store;
    this.config = config;
    this.time = time;
  }

  /**
   * Moves an object to the failed prefix (copy, sidecar, delete).
   *
   * @param key its key
   * @param id its id (the key below the source prefix)
   * @param txId the transaction id
   * @param message why
   * @param why the engine's reason, or null
   */
  public void object(String key, String id, String txId, String message, @Nullable Rejection why) {
    String target = config.failedPrefix() + id;
    store.copy(key, target);
    sidecar(target, txId, key, null, null, message, why);
    store.delete(key);
  }

  /**
   * Moves an object that was not read (too large) to the failed prefix.
   *
   * @param key its key
   * @param id its id
   * @param message why
   */
  public void unreadObject(String key, String id, String message) {
    String target = config.failedPrefix() + id;
    store.copy(key, target);
    sidecar(target, id, key, null, "size", message, null);
    store.delete(key);
  }

  /**
   * Writes one line of an object to the failed prefix as {@code <id>#<line>}.
   *
   * @param id the object's id
   * @param line the line number
   * @param raw the line's text
   * @param txId the transaction id
   * @param category the connector's category when the engine gave none ({@code parse}), or null
   * @param message why
   * @param why the engine's reason, or null
   */
  public void line(
      String id,
      int line,
      String raw,
      String txId,
      @Nullable String category,
      String message,
      @Nullable Rejection why) {
    String target = config.failedPrefix() + id + "#" + line;
    String type =
        config.lineFormat() == S3Config.LineFormat.JSON
            ? "application/json"
            : "text/csv; charset=utf-8";
    store.put(target, raw.getBytes(StandardCharsets.UTF_8), type, Map.of(), null, null);
    sidecar(target, txId, config.prefix() + id, line, category, message, why);
  }

  private void sidecar(
      String target,
      String txId,
      String sourceKey,
      @Nullable Integer line,
      @Nullable String category,
      String message,
      @Nullable Rejection why) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("transactionId", txId);
    error.put("bucket", config.bucket());
    error.put("key", sourceKey);
    if (line != null) {
      error.put("line", line);
    }
    String cat = why != null ? why.category().name().toLowerCase(Locale.ROOT) : category;
    error.put("category", cat == null ? "unknown" : cat);
    error.put("message", message);
    if (why != null) {
      error.put("attempts", why.attempts());
      why.handlerFailure().ifPresent(e -> error.put("handlerError", String.valueOf(e)));
    }
    error.put("worker", config.workerId());
    error.put("failedAt", time.now().toString());
    byte[] body;
    try {
      body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(error);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    store.put(target + ERROR_SUFFIX, body, "application/json", Map.of(), null, null);
  }
}
