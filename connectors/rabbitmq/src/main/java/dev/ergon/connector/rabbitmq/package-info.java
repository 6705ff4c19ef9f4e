/** RabbitMQ connector on the official amqp-client. */
@NullMarked
package dev.ergon.connector.rabbitmq;

import org.jspecify.annotations.NullMarked;
