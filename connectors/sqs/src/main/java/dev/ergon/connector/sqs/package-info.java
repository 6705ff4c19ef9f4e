/**
 * Amazon SQS connector on the AWS SDK for Java v2: {@link dev.ergon.connector.sqs.SqsConnector}.
 */
@NullMarked
package dev.ergon.connector.sqs;

import org.jspecify.annotations.NullMarked;
