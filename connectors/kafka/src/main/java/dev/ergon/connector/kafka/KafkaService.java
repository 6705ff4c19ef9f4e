package dev.ergon.connector.kafka;

import dev.ergon.connector.kafka.internal.ClientProperties;
import dev.ergon.service.Service;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jspecify.annotations.Nullable;

/**
 * Kafka clients for tasks that write or manage topics themselves: an idempotent {@link
 * KafkaProducer} ({@code acks=all}, byte arrays) and an {@link Admin} client, built from the
 * brokers, credentials, client id, settle timeout and raw properties of {@link KafkaSettings} (the
 * group and topics are not used). The runner closes it when the worker stops. Thread-safe.
 *
 * <pre>{@code
 * KafkaService kafka = new KafkaService(settings);
 * kafka.producer().send(new ProducerRecord<>("audit", key, bytes)).get();
 * }</pre>
 */
public final class KafkaService implements Service {
  private final KafkaSettings settings;
  private @Nullable KafkaProducer<byte[], byte[]> producer;
  private @Nullable Admin admin;

  /**
   * Creates the service; the clients connect on first use.
   *
   * @param settings the brokers, credentials and client properties
   */
  public KafkaService(KafkaSettings settings) {
    this.settings = settings;
  }

  /**
   * The producer, created on first use.
   *
   * @return an idempotent producer of byte arrays
   */
  public synchronized KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      producer = new KafkaProducer<>(ClientProperties.producer(settings));
    }
    return producer;
  }

  /**
   * The admin client, created on first use.
   *
   * @return the admin client
   */
  public synchronized Admin admin() {
    if (admin == null) {
      admin = Admin.create(ClientProperties.admin(settings));
    }
    return admin;
  }

  /** Closes the clients. Idempotent. */
  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(settings.settleTimeout());
      producer = null;
    }
    if (admin != null) {
      admin.close(settings.settleTimeout());
      admin = null;
    }
  }
}
