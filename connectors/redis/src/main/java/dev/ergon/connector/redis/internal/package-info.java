/**
 * Implementation of the Redis Streams connector: entry encoding, in-flight bookkeeping, Lua scripts
 * and validation helpers. Not API.
 */
@NullMarked
package dev.ergon.connector.redis.internal;

import org.jspecify.annotations.NullMarked;
