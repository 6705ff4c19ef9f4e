/** The benchmark harness: child JVMs per row, result lines, tables, CSV and charts. Not API. */
@NullMarked
package dev.ergon.bench.harness;

import org.jspecify.annotations.NullMarked;
