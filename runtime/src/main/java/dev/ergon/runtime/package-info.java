/**
 * Runs tasks as workers: worker processes, graceful shutdown on signals, liveness supervision,
 * health endpoint and configuration files.
 */
@NullMarked
package dev.ergon.runtime;

import org.jspecify.annotations.NullMarked;
