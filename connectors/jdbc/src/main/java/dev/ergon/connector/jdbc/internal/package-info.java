/**
 * Implementation of the SQL queue connector: dialects, statements, row encoding, leases and the
 * PostgreSQL wake-up signal. Not part of the API.
 */
@NullMarked
package dev.ergon.connector.jdbc.internal;

import org.jspecify.annotations.NullMarked;
