/**
 * {@code ergon init}: writes a new Maven project that uses Ergon, from templates held in this
 * package's resources. See {@link dev.ergon.cli.init.Scaffold}.
 */
@NullMarked
package dev.ergon.cli.init;

import org.jspecify.annotations.NullMarked;
