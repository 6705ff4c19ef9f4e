package dev.ergon.connector.s3.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.time.TimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Leases on objects, as marker objects written with conditional puts, so that two workers never
 * hold one object at once.
 *
 * <p>A lease on {@code <prefix><name>} is the object {@code <leasePrefix><name>} holding {@code
 * {"worker": ..., "key": ..., "expires": ...}}. It is taken with {@code If-None-Match: *} (only one
 * writer can create it), renewed and taken over with {@code If-Match: <etag>} (only one writer can
 * replace a given version), and given back by deleting it. An expired lease (its holder stopped
 * renewing) is taken over by the next worker that finds it. Expiry instants are written by the
 * holder's clock and read by the others': workers' clocks must agree to well within the lease
 * duration (NTP does that). Thread-safe.
 */
public final class Leases {
  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A lease this worker holds.
   *
   * @param objectKey the leased object's key
   * @param leaseKey the marker's key
   * @param etag the marker's current ETag
   * @param expires when it expires unless renewed
   */
  public record Lease(String objectKey, String leaseKey, String etag, Instant expires) {}

  private final ObjectStore store;
  private final String prefix;
  private final String leasePrefix;
  private final String workerId;
  private final Duration duration;
  private final TimeSource time;
  private final Map<String, Instant> busyUntil = new ConcurrentHashMap<>();

  /**
   * Leases in one bucket.
   *
   * @param store the bucket
   * @param prefix the source prefix
   * @param leasePrefix the marker prefix
   * @param workerId this worker's name
   * @param duration how long a lease lasts unless renewed
   * @param time the clock
   */
  public Leases(
      ObjectStore store,
      String prefix,
      String leasePrefix,
      String workerId,
      Duration duration,
      TimeSource time) {
    this.store = store;
    this.prefix = prefix;
    this.leasePrefix = leasePrefix;
    this.workerId = workerId;
    this.duration = duration;
    this.time = time;
  }

  /**
   * The marker key of an object key.
   *
   * @param objectKey a key under the source prefix
   * @return its lease marker's key
   */
  public String leaseKey(String objectKey) {
    return leasePrefix + objectKey.substring(prefix.length());
  }

  /**
   * Whether another worker was seen holding a live lease on the key (so trying is pointless now).
   *
   * @param objectKey the key
   * @return true while that lease has not expired
   */
  public boolean knownBusy(String objectKey) {
    Instant until = busyUntil.get(objectKey);
    if (until == null) {
      return false;
    }
    if (until.isBefore(time.now())) {
      busyUntil.remove(objectKey);
      return false;
    }
    return true;
  }

  /**
   * Takes the lease on an object when it is free or expired.
   *
   * @param objectKey the key
   * @return the lease, or empty when another worker holds it
   */
  public Optional<Lease> acquire(String objectKey) {
    String leaseKey = leaseKey(objectKey);
    Instant expires = time.now().plus(duration);
    try {
      String etag = write(leaseKey, objectKey, expires, "*", null);
      return Optional.of(new Lease(objectKey, leaseKey, etag, expires));
    } catch (S3Exception e) {
      if (!ObjectStore.conditionFailed(e)) {
        throw e;
      }
    }
    Optional<ResponseBytes<GetObjectResponse>> current = store.get(leaseKey);
    if (current.isEmpty()) {
      return Optional.empty(); // released meanwhile: the next fetch tries again
    }
    Instant held = expiry(current.get());
    if (held.isAfter(time.now())) {
      if (busyUntil.size() >= 10_000) {
        Instant now = time.now();
        busyUntil.values().removeIf(until -> until.isBefore(now)); // keys that went away
      }
      busyUntil.put(objectKey, held);
      return Optional.empty();
    }
    String stale = current.get().response().eTag();
    try {
      Instant renewed = time.now().plus(duration);
      String etag = write(leaseKey, objectKey, renewed, null, stale);
      LOG.info(
          "s3: took over the expired lease on {} (held by {} until {})",
          objectKey,
          holder(current.get()),
          held);
      return Optional.of(new Lease(objectKey, leaseKey, etag, renewed));
    } catch (S3Exception e) {
      if (ObjectStore.conditionFailed(e)) {
        return Optional.empty(); // another worker took it over first
      }
      throw e;
    }
  }

  /**
   * Extends a lease.
   *
   * @param lease a lease this worker holds
   * @return the renewed lease, or empty when it was lost (taken over after it expired)
   */
  public Optional<Lease> renew(Lease lease) {
    Instant expires = time.now().plus(duration);
    try {
      String etag = write(lease.leaseKey(), lease.objectKey(), expires, null, lease.etag());
      return Optional.of(new Lease(lease.objectKey(), lease.leaseKey(), etag, expires));
    } catch (S3Exception e) {
      if (ObjectStore.conditionFailed(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Gives a lease back by deleting its marker, unless it has expired (then another worker may hold
   * the marker now, and it is left alone).
   *
   * @param lease the lease
   */
  public void release(Lease lease) {
    if (lease.expires().isAfter(time.now())) {
      store.delete(lease.leaseKey());
    }
  }

  private String write(
      String leaseKey,
      String objectKey,
      Instant expires,
      @Nullable String ifNoneMatch,
      @Nullable String ifMatch) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("worker", workerId);
    body.put("key", objectKey);
    body.put("expires", expires.toString());
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return store.put(leaseKey, bytes, "application/json", Map.of(), ifNoneMatch, ifMatch);
  }

  /**
   * The expiry a marker states; an unreadable marker expires a lease duration after it was written.
   */
  private Instant expiry(ResponseBytes<GetObjectResponse> marker) {
    try {
      JsonNode node = JSON.readTree(marker.asByteArray());
      return Instant.parse(node.get("expires").asText());
    } catch (IOException | RuntimeException e) {
      Instant written = marker.response().lastModified();
      return written == null ? Instant.EPOCH : written.plus(duration);
    }
  }

  private static String holder(ResponseBytes<GetObjectResponse> marker) {
    try {
      return JSON.readTree(marker.asByteArray()).path("worker").asText("?");
    } catch (IOException e) {
      return new String(marker.asByteArray(), StandardCharsets.UTF_8);
    }
  }
}
