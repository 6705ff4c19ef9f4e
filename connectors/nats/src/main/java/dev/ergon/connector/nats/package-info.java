/** NATS JetStream connector on the official Java client (jnats). */
@NullMarked
package dev.ergon.connector.nats;

import org.jspecify.annotations.NullMarked;
