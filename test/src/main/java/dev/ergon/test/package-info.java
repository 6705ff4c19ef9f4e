/**
 * The Ergon test kit: {@link dev.ergon.test.InMemoryConnector}, the reference implementation of the
 * connector contract with observable settlement and fault injection, its asynchronous twin {@link
 * dev.ergon.test.AsyncInMemoryConnector}, and {@link dev.ergon.test.ManualClock}, a time source
 * that never sleeps.
 */
@NullMarked
package dev.ergon.test;

import org.jspecify.annotations.NullMarked;
