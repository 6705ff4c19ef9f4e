/**
 * A runnable order pipeline: a feeder, a processor with retries and rejects, on a queue chosen by
 * configuration (embedded SQLite, PostgreSQL, RabbitMQ or memory).
 */
@NullMarked
package dev.ergon.examples.orders;

import org.jspecify.annotations.NullMarked;
