/**
 * The retry envelope as a public primitive: attempts, per-attempt timeouts that bound wall-clock
 * time, backoff with cap and jitter, and bounded concurrent execution.
 */
@NullMarked
package dev.ergon.retry;

import org.jspecify.annotations.NullMarked;
