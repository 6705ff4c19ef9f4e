/**
 * The reliability suite: faults (kill -9, SIGTERM, database and broker restarts) and scale-out
 * through real worker processes on every connector, measured against a ledger and printed as a
 * table.
 */
@NullMarked
package dev.ergon.reliability;

import org.jspecify.annotations.NullMarked;
