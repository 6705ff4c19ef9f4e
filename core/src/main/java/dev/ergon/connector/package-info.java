/** The connector contracts: how a broker, table or file becomes transactions and back. */
@NullMarked
package dev.ergon.connector;

import org.jspecify.annotations.NullMarked;
