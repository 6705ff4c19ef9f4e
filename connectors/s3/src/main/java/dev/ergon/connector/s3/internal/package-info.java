/** Internals of the S3 connector: not an API. */
@NullMarked
package dev.ergon.connector.s3.internal;

import org.jspecify.annotations.NullMarked;
