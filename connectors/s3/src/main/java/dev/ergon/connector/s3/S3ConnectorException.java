package dev.ergon.connector.s3;

import dev.ergon.ErgonException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An S3 call failed for some or all of the transactions it carried; {@link #transactionIds()} names
 * the ones that failed (empty when the failure is not about particular transactions). The message
 * names the bucket and key, never a credential.
 */
public final class S3ConnectorException extends ErgonException {
  private static final long serialVersionUID = 1L;

  /** The ids of the transactions that failed. */
  private final transient List<String> transactionIds;

  /**
   * A failure.
   *
   * @param message what failed, naming the bucket, keys and transactions
   * @param transactionIds the ids of the transactions that failed
   * @param cause the underlying failure, or null
   */
  public S3ConnectorException(
      String message, List<String> transactionIds, @Nullable Throwable cause) {
    super(message, cause);
    this.transactionIds = List.copyOf(transactionIds);
  }

  /**
   * The ids of the transactions that failed.
   *
   * @return the ids
   */
  public List<String> transactionIds() {
    return transactionIds;
  }
}
