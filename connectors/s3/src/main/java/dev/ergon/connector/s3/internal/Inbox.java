package dev.ergon.connector.s3.internal;

import dev.ergon.connector.Utf8Check;
import dev.ergon.connector.s3.S3Config;
import dev.ergon.connector.s3.S3ConnectorException;
import dev.ergon.transaction.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The source prefix: which keys under it are transactions, how many wait, and writing new ones.
 * Thread-safe.
 */
public final class Inbox {
  private final ObjectStore store;
  private final S3Config config;

  /**
   * The inbox of a connector.
   *
   * @param store the bucket
   * @param config the settings
   */
  public Inbox(ObjectStore store, S3Config config) {
    this.store = store;
    this.config = config;
  }

  /**
   * Whether a listed key is a transaction: under the prefix, not the connector's own bookkeeping
   * (leases, processed, failed), not a zero-byte "folder" marker.
   *
   * @param key the key
   * @param size its size, when listed
   * @return true for a transaction's object
   */
  public boolean isSource(String key, @Nullable Long size) {
    if (!key.startsWith(config.prefix())
        || config.isBookkeeping(key)
        || key.length() <= config.prefix().length()) {
      return false;
    }
    return !(key.endsWith("/") && (size == null || size == 0));
  }

  /**
   * The objects under the prefix without a live lease marker, judged by the markers' write time
   * plus the lease duration.
   *
   * @param now the time
   * @return the count
   */
  public long waiting(Instant now) {
    Set<String> leased = new HashSet<>();
    store.list(
        config.leasePrefix(),
        o -> {
          if (o.lastModified() != null
              && o.lastModified().plus(config.leaseDuration()).isAfter(now)) {
            leased.add(o.key().substring(config.leasePrefix().length()));
          }
          return true;
        });
    long[] n = {0};
    store.list(
        config.prefix(),
        o -> {
          if (isSource(o.key(), o.size())
              && !leased.contains(o.key().substring(config.prefix().length()))) {
            n[0]++;
          }
          return true;
        });
    return n[0];
  }

  /**
   * Writes each transaction as {@code <dispatchPrefix><id>}; the ones that fail do not stop the
   * others.
   *
   * @param transactions the transactions
   * @throws S3ConnectorException naming every transaction that was not written, and why
   */
  public void dispatch(List<Transaction> transactions) {
    List<String> failures = new ArrayList<>();
    List<String> failedIds = new ArrayList<>();
    for (Transaction tx : transactions) {
      try {
        write(tx);
      } catch (RuntimeException e) {
        failures.add(tx.id() + ": " + e.getMessage());
        failedIds.add(tx.id());
      }
    }
    if (!failures.isEmpty()) {
      throw new S3ConnectorException(
          "s3: "
              + failedIds.size()
              + " of "
              + transactions.size()
              + " transactions were not written to s3://"
              + config.bucket()
              + "/"
              + config.dispatchPrefix()
              + " (the others were): "
              + String.join("; ", failures),
          failedIds,
          null);
    }
  }

  private void write(Transaction tx) {
    Utf8Check.require(tx); // the key and the body are UTF-8, which would replace a lone surrogate
    String key = config.dispatchPrefix() + tx.id();
    if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
      throw new IllegalArgumentException("key " + key + " is longer than S3's 1024 bytes");
    }
    if (config.isBookkeeping(key)) {
      throw new IllegalArgumentException(
          "key " + key + " would lie in the connector's lease, processed or failed prefix");
    }
    ObjectCodec.Encoded body = ObjectCodec.encode(tx);
    store.put(key, body.body(), body.contentType(), ObjectCodec.userMetadata(tx), null, null);
  }
}
