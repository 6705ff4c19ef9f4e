/** Benchmark programs that print tables; not part of the framework's API. */
@NullMarked
package dev.ergon.bench;

import org.jspecify.annotations.NullMarked;
