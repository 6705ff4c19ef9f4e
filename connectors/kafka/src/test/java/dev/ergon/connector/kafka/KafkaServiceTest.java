package dev.ergon.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** The service's producer writes (idempotent, acks=all) and its admin client manages topics. */
class KafkaServiceTest {

  @Test
  void theProducerWritesAndTheAdminSeesTheTopic() throws Exception {
    String topic = Broker.unique("svc");
    Broker.createTopic(topic, 1);
    try (KafkaService kafka =
        new KafkaService(
            KafkaSettings.builder()
                .bootstrapServers(Broker.bootstrap())
                .produceTopic(topic)
                .build())) {
      RecordMetadata md =
          kafka
              .producer()
              .send(
                  new ProducerRecord<>(
                      topic,
                      "k".getBytes(StandardCharsets.UTF_8),
                      "{}".getBytes(StandardCharsets.UTF_8)))
              .get(10, TimeUnit.SECONDS);
      assertThat(md.offset()).isZero();
      assertThat(kafka.admin().listTopics().names().get(10, TimeUnit.SECONDS)).contains(topic);
      kafka.close();
      kafka.close();
    } finally {
      Broker.deleteTopics(topic);
    }
  }
}
