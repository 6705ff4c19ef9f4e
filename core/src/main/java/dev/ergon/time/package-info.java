/**
 * Injectable time: the {@link dev.ergon.time.TimeSource} used for every delay, and the {@link
 * dev.ergon.time.StopSignal} that ends sleeps early on shutdown.
 */
@NullMarked
package dev.ergon.time;

import org.jspecify.annotations.NullMarked;
