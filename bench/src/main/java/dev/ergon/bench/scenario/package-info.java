/** The benchmark scenarios (S1 … S6) and the rows each runs in a child JVM. Not API. */
@NullMarked
package dev.ergon.bench.scenario;

import org.jspecify.annotations.NullMarked;
