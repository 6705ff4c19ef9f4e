/** Tests that start real worker processes: signals, worker processes, supervision. */
@NullMarked
package dev.ergon.runtime.process;

import org.jspecify.annotations.NullMarked;
