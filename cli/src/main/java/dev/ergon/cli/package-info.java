/** The ergon command line: init, list, run, process-transaction, validate and policy explain. */
@NullMarked
package dev.ergon.cli;

import org.jspecify.annotations.NullMarked;
