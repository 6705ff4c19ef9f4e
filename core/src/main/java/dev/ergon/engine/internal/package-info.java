/** The engine's implementation: not API, may change in any release. */
@NullMarked
package dev.ergon.engine.internal;

import org.jspecify.annotations.NullMarked;
