/**
 * Implementation of the NATS JetStream connector: message mapping, in-flight bookkeeping with
 * in-progress acks, and validation helpers. Not API.
 */
@NullMarked
package dev.ergon.connector.nats.internal;

import org.jspecify.annotations.NullMarked;
