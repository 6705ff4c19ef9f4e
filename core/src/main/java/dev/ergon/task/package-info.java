/** Task types (consumer, producer, hybrid; blocking and asynchronous) and their configuration. */
@NullMarked
package dev.ergon.task;

import org.jspecify.annotations.NullMarked;
