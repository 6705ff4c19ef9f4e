/** Redis Streams connector (consumer groups, XAUTOCLAIM reclaim, dead-letter stream) on Lettuce. */
@NullMarked
package dev.ergon.connector.redis;

import org.jspecify.annotations.NullMarked;
