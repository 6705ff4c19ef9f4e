/** A runnable order pipeline: a feeder, a processor with retries and rejects, in memory. */
@NullMarked
package dev.ergon.examples.orders;

import org.jspecify.annotations.NullMarked;
