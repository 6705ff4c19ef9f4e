/** Internals of the command line; not an API. */
@NullMarked
package dev.ergon.cli.internal;

import org.jspecify.annotations.NullMarked;
