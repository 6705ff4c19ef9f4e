/**
 * The Ergon test kit: {@link dev.ergon.test.InMemoryConnector}, the reference implementation of the
 * connector contract with observable settlement and fault injection, and its asynchronous twin
 * {@link dev.ergon.test.AsyncInMemoryConnector}.
 */
@NullMarked
package dev.ergon.test;

import org.jspecify.annotations.NullMarked;
