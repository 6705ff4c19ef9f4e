package dev.ergon.connector.rabbitmq.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import dev.ergon.connector.rabbitmq.RabbitMqProducerConfig;
import dev.ergon.transaction.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps deliveries to transactions and transactions to messages. Headers become metadata entries
 * under their own names (and back); message properties and delivery details become read-only
 * entries under {@link #PREFIX}, which are not sent as headers.
 */
public final class Messages {
  /** The prefix of metadata entries that describe the delivery: {@code rabbitmq.}. */
  public static final String PREFIX = "rabbitmq.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Messages() {}

  /**
   * The transaction for a delivery.
   *
   * @param d the delivery
   * @param instance a token unique to this connector instance, for fallback ids
   * @return the transaction: id = message id (or the fallback), payload = the body bytes (a string
   *     for {@code text/*} content), metadata = headers and properties
   */
  public static Transaction toTransaction(Delivery d, String instance) {
    AMQP.BasicProperties p = d.properties();
    String messageId = p.getMessageId();
    String id =
        messageId != null && !messageId.isBlank()
            ? messageId
            : d.queue() + ":" + instance + ":" + d.epoch().id() + ":" + d.tag();
    Map<String, String> meta = new HashMap<>();
    if (p.getHeaders() != null) {
      p.getHeaders().forEach((k, v) -> put(meta, k, v));
    }
    Envelope env = d.envelope();
    put(meta, PREFIX + "message_id", messageId);
    put(meta, PREFIX + "content_type", p.getContentType());
    put(meta, PREFIX + "content_encoding", p.getContentEncoding());
    put(meta, PREFIX + "correlation_id", p.getCorrelationId());
    put(meta, PREFIX + "reply_to", p.getReplyTo());
    put(meta, PREFIX + "type", p.getType());
    put(meta, PREFIX + "app_id", p.getAppId());
    put(meta, PREFIX + "user_id", p.getUserId());
    put(meta, PREFIX + "expiration", p.getExpiration());
    put(meta, PREFIX + "priority", p.getPriority());
    put(meta, PREFIX + "delivery_mode", p.getDeliveryMode());
    put(meta, PREFIX + "timestamp", p.getTimestamp());
    put(meta, PREFIX + "exchange", env.getExchange());
    put(meta, PREFIX + "routing_key", env.getRoutingKey());
    put(meta, PREFIX + "redelivered", env.isRedeliver());
    put(meta, PREFIX + "queue", d.queue());
    String type = p.getContentType();
    Object payload =
        type != null && type.startsWith("text/")
            ? new String(d.body(), StandardCharsets.UTF_8)
            : d.body();
    return new Transaction(id, payload, meta);
  }

  private static void put(Map<String, String> meta, String key, @Nullable Object value) {
    if (value == null) {
      return;
    }
    String text =
        switch (value) {
          case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
          case Date date -> date.toInstant().toString();
          default -> value.toString();
        };
    meta.put(key, text);
  }

  /**
   * The properties of the message for {@code tx}: message id = transaction id, metadata (outside
   * {@link #PREFIX}) as headers, {@code rabbitmq.correlation_id} as the correlation id.
   *
   * @param tx the transaction
   * @param config the producer settings
   * @return the properties
   */
  public static AMQP.BasicProperties properties(Transaction tx, RabbitMqProducerConfig config) {
    Map<String, Object> headers = new HashMap<>();
    tx.metadata()
        .forEach(
            (k, v) -> {
              if (!k.startsWith(PREFIX)) {
                headers.put(k, v);
              }
            });
    return new AMQP.BasicProperties.Builder()
        .messageId(tx.id())
        .contentType(config.contentType())
        .deliveryMode(config.persistent() ? 2 : 1)
        .timestamp(new Date())
        .correlationId(tx.metadata().get(PREFIX + "correlation_id"))
        .headers(headers.isEmpty() ? null : headers)
        .build();
  }

  /**
   * The body for {@code tx}: bytes as they are, text as UTF-8, anything else as JSON.
   *
   * @param tx the transaction
   * @return the body
   * @throws IllegalArgumentException when the payload cannot be written as JSON
   */
  public static byte[] body(Transaction tx) {
    Object payload = tx.payload();
    if (payload instanceof byte[] bytes) {
      return bytes;
    }
    if (payload instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "payload of transaction '"
              + tx.id()
              + "' ("
              + payload.getClass().getName()
              + ") cannot be written as JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }
}
