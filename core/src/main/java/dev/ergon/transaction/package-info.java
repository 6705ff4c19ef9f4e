/**
 * The immutable {@link dev.ergon.transaction.Transaction}, payload conversion and the transaction
 * failure types.
 */
@NullMarked
package dev.ergon.transaction;

import org.jspecify.annotations.NullMarked;
