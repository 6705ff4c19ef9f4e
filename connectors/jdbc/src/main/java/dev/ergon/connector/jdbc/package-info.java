/** A table-backed transaction queue with leases, on PostgreSQL or an embedded database. */
@NullMarked
package dev.ergon.connector.jdbc;

import org.jspecify.annotations.NullMarked;
