/** S3 connector. */
@NullMarked
package dev.ergon.connector.s3;

import org.jspecify.annotations.NullMarked;
