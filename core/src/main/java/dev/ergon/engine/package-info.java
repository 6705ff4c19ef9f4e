/**
 * The engine that runs tasks: the consumer loop, the per-transaction lifecycle with settlement, the
 * producer engine and single-transaction execution.
 */
@NullMarked
package dev.ergon.engine;

import org.jspecify.annotations.NullMarked;
