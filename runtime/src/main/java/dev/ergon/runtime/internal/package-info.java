/**
 * The runtime's implementation: signal handling, shutdown coordination, liveness checks and the
 * supervisor thread, the health endpoint and worker processes. Not part of the API.
 */
@NullMarked
package dev.ergon.runtime.internal;

import org.jspecify.annotations.NullMarked;
