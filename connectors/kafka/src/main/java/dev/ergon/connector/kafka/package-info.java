/**
 * Apache Kafka connector on the official client (kafka-clients): a consumer-group connector whose
 * commits never pass an unsettled record, with per-key ordering and a dead-letter topic, a producer
 * for dispatch, and a {@link dev.ergon.connector.kafka.KafkaService} for tasks.
 */
@NullMarked
package dev.ergon.connector.kafka;

import org.jspecify.annotations.NullMarked;
