package dev.ergon.connector.kafka.internal;

import dev.ergon.connector.Rejection;
import dev.ergon.connector.kafka.KafkaConnectorException;
import dev.ergon.connector.kafka.KafkaSettings;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes dead letters to {@code <topic>.dlt} (or the configured topic) with the record's key, value
 * and headers plus where it came from and why, and settles or releases the record in the {@link
 * Ledger} by the outcome. Thread-safe.
 */
public final class DeadLetters {
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final KafkaSettings settings;
  private final Supplier<KafkaProducer<byte[], byte[]>> producer;
  private final Ledger ledger;
  private final String name;
  private final AtomicLong written = new AtomicLong();

  /**
   * Dead letters of one connector.
   *
   * @param settings its settings
   * @param producer its producer
   * @param ledger its ledger
   * @param name its name for logs and errors
   */
  public DeadLetters(
      KafkaSettings settings,
      Supplier<KafkaProducer<byte[], byte[]>> producer,
      Ledger ledger,
      String name) {
    this.settings = settings;
    this.producer = producer;
    this.ledger = ledger;
    this.name = name;
  }

  /**
   * Dead-letters a record that could not be decoded, without waiting: settled once acknowledged,
   * released (tried again on a later fetch) when it fails.
   *
   * @param h the record, in flight
   * @param error why it cannot be decoded
   */
  public void undecodable(Ledger.Held h, String error) {
    log.warn("{}: {}; dead-lettering it", name, error);
    ProducerRecord<byte[], byte[]> dead =
        Codec.deadLetter(
            settings.deadLetterTopicFor(h.record().topic()),
            h.record(),
            h.id(),
            h.deliveries(),
            "undecodable",
            error);
    producer
        .get()
        .send(
            dead,
            (md, e) -> {
              if (e == null) {
                written.incrementAndGet();
                ledger.settle(h.id());
              } else {
                log.error(
                    "{}: dead letter of undecodable {} failed, kept for another try: {}",
                    name,
                    Codec.position(h.record()),
                    e.toString());
                ledger.release(h.id());
              }
            });
  }

  /**
   * Writes a dead letter and waits for its acknowledgement.
   *
   * @param record the original record
   * @param id the transaction id
   * @param attempts the attempts made
   * @param rejection the engine's reason, or null
   * @throws KafkaConnectorException when it is not acknowledged within the settle timeout
   * @throws InterruptedException when interrupted while waiting
   */
  public void write(
      ConsumerRecord<byte[], byte[]> record, String id, int attempts, @Nullable Rejection rejection)
      throws InterruptedException {
    String topic = settings.deadLetterTopicFor(record.topic());
    ProducerRecord<byte[], byte[]> dead =
        Codec.deadLetter(
            topic,
            record,
            id,
            attempts,
            Codec.category(rejection),
            rejection != null ? rejection.message() : null);
    try {
      producer
          .get()
          .send(dead)
          .get(settings.settleTimeout().plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new KafkaConnectorException(
          name
              + ": dead letter of '"
              + id
              + "' to topic '"
              + topic
              + "' failed, the record is kept: "
              + cause,
          cause);
    }
    written.incrementAndGet();
  }

  /**
   * Dead letters written so far.
   *
   * @return the count
   */
  public long written() {
    return written.get();
  }
}
