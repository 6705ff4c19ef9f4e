/**
 * Implementation of the RabbitMQ connector: the connection and its bounded reconnects, the
 * long-lived consumer and its buffer, settlement, publishing and message mapping. Not API.
 */
@NullMarked
package dev.ergon.connector.rabbitmq.internal;

import org.jspecify.annotations.NullMarked;
