package dev.ergon.connector.redis.internal;

import dev.ergon.connector.Rejection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The fields of a dead letter: the original entry's fields plus {@code ergon.*} fields. */
public final class DeadLetters {
  private DeadLetters() {}

  /**
   * The dead letter of an entry.
   *
   * @param e the entry
   * @param stream the stream it came from
   * @param group the group
   * @param consumer this consumer's name
   * @param category the error category
   * @param message the error message
   * @param rejection the engine's rejection, or null
   * @return the fields, in order
   */
  public static Map<String, String> fields(
      InFlight.Entry e,
      String stream,
      String group,
      String consumer,
      String category,
      String message,
      @Nullable Rejection rejection) {
    Map<String, String> f = new LinkedHashMap<>(e.fields());
    f.put("ergon.original_id", e.entryId());
    f.put("ergon.original_stream", stream);
    f.put("ergon.group", group);
    f.put("ergon.consumer", consumer);
    f.put("ergon.transaction_id", e.txId());
    f.put("ergon.delivery_count", String.valueOf(e.deliveries()));
    f.put("ergon.error_category", category);
    f.put("ergon.error_message", message);
    if (rejection != null) {
      f.put("ergon.attempts", String.valueOf(rejection.attempts()));
      rejection.handlerFailure().ifPresent(h -> f.put("ergon.handler_error", h.toString()));
    }
    f.put("ergon.dead_lettered_at", Instant.now().toString());
    return f;
  }
}
