/**
 * Policies: typed, validated, immutable records that decide everything operational (concurrency,
 * batching, streaming, limits, timeouts and retries).
 */
@NullMarked
package dev.ergon.policy;

import org.jspecify.annotations.NullMarked;
