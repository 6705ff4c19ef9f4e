/**
 * Amazon S3 (and S3-compatible) connector on the AWS SDK for Java v2: {@link
 * dev.ergon.connector.s3.S3Connector}, configured by {@link dev.ergon.connector.s3.S3Config}.
 */
@NullMarked
package dev.ergon.connector.s3;

import org.jspecify.annotations.NullMarked;
