/**
 * Implementation of the Kafka connector: the settlement ledger (watermarks, held-back records), the
 * poll loop that owns the consumer, record mapping and client properties. Not API.
 */
@NullMarked
package dev.ergon.connector.kafka.internal;

import org.jspecify.annotations.NullMarked;
