/** Implementation of the HTTP connector; not part of the API. */
@NullMarked
package dev.ergon.connector.http.internal;

import org.jspecify.annotations.NullMarked;
