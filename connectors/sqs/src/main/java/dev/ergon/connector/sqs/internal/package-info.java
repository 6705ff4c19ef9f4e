/** Internals of the SQS connector: not an API. */
@NullMarked
package dev.ergon.connector.sqs.internal;

import org.jspecify.annotations.NullMarked;
