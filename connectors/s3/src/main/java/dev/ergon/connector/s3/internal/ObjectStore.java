package dev.ergon.connector.s3.internal;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The few object operations the connector makes on its one bucket. Thread-safe. */
public final class ObjectStore {
  private final S3Client client;
  private final String bucket;

  /**
   * A store on one bucket.
   *
   * @param client the client
   * @param bucket the bucket
   */
  public ObjectStore(S3Client client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  /**
   * The bucket.
   *
   * @return its name
   */
  public String bucket() {
    return bucket;
  }

  /**
   * Walks the objects under {@code prefix} in key order, page by page, until {@code visitor}
   * returns false or the listing ends.
   *
   * @param prefix the prefix
   * @param visitor called for each object; false stops the walk
   */
  public void list(String prefix, Predicate<S3Object> visitor) {
    String token = null;
    do {
      ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(bucket);
      if (!prefix.isEmpty()) {
        req.prefix(prefix);
      }
      if (token != null) {
        req.continuationToken(token);
      }
      ListObjectsV2Response page = client.listObjectsV2(req.build());
      for (S3Object o : page.contents()) {
        if (!visitor.test(o)) {
          return;
        }
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
  }

  /**
   * Reads an object.
   *
   * @param key the key
   * @return its bytes and response, or empty when there is no such object
   */
  public Optional<ResponseBytes<GetObjectResponse>> get(String key) {
    try {
      return Optional.of(client.getObjectAsBytes(b -> b.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Writes an object.
   *
   * @param key the key
   * @param body the content
   * @param contentType its media type
   * @param metadata user metadata
   * @param ifNoneMatch {@code "*"} to write only when absent, or null
   * @param ifMatch an ETag the current object must have, or null
   * @return the new object's ETag
   */
  public String put(
      String key,
      byte[] body,
      String contentType,
      Map<String, String> metadata,
      @Nullable String ifNoneMatch,
      @Nullable String ifMatch) {
    PutObjectRequest.Builder req =
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(key)
            .contentType(contentType)
            .metadata(metadata);
    if (ifNoneMatch != null) {
      req.ifNoneMatch(ifNoneMatch);
    }
    if (ifMatch != null) {
      req.ifMatch(ifMatch);
    }
    return client.putObject(req.build(), RequestBody.fromBytes(body)).eTag();
  }

  /**
   * Copies an object within the bucket, with its metadata.
   *
   * @param from the source key
   * @param to the target key
   */
  public void copy(String from, String to) {
    copy(from, to, null);
  }

  /**
   * Copies an object within the bucket, with its metadata, only when the source still has the given
   * ETag (else S3 answers 412).
   *
   * @param from the source key
   * @param to the target key
   * @param ifMatch the ETag the source must have, or null for any
   */
  public void copy(String from, String to, @Nullable String ifMatch) {
    client.copyObject(
        b -> {
          b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to);
          if (ifMatch != null) {
            b.copySourceIfMatch(ifMatch);
          }
        });
  }

  /**
   * Deletes an object (nothing happens when it is absent).
   *
   * @param key the key
   */
  public void delete(String key) {
    client.deleteObject(b -> b.bucket(bucket).key(key));
  }

  /**
   * Whether a failure is a failed precondition of a conditional write (412, or 409 for a concurrent
   * conditional write, or 404 for {@code If-Match} on a deleted object).
   *
   * @param e the failure
   * @return true when the condition did not hold
   */
  public static boolean conditionFailed(S3Exception e) {
    return e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404;
  }
}
