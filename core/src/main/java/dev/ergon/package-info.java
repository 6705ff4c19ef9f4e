/** Ergon's root package: the framework's root exception and configuration errors. */
@NullMarked
package dev.ergon;

import org.jspecify.annotations.NullMarked;
