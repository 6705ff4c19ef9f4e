package dev.ergon.connector.s3;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.s3.internal.SettingsReader;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link S3Connector}, validated at once: every error names the setting (in {@link
 * #fromMap} spelling) and the rejected value. The secret access key never appears in {@link
 * #toString()} nor in any error message.
 *
 * <pre>{@code
 * S3Config config = S3Config.builder()
 *     .bucket("orders")
 *     .prefix("inbox/")
 *     .mode(S3Config.Mode.LINES)
 *     .endpoint(URI.create("http://127.0.0.1:9000")).pathStyle(true)   // S3-compatible server
 *     .credentials("AKIA...", "secret")
 *     .build();
 * }</pre>
 *
 * @param bucket the bucket
 * @param prefix the key prefix whose objects become transactions ({@code ""} for the whole bucket)
 * @param region the region
 * @param endpoint an endpoint override for S3-compatible servers, or null for AWS
 * @param pathStyle path-style addressing ({@code http://host/bucket/key}), which most S3-compatible
 *     servers need
 * @param accessKeyId the static access key id, or null for the default provider chain
 * @param secretAccessKey the static secret access key, or null (set together with the id)
 * @param mode one object per transaction, or one line per transaction
 * @param lineFormat how {@link Mode#LINES} objects are split
 * @param onSuccess what acknowledging does with the object
 * @param processedPrefix where acknowledged objects are moved ({@link OnSuccess#MOVE})
 * @param failedPrefix where dead-lettered objects and lines go, with a {@code .error.json} sidecar
 * @param leasePrefix where lease markers are written
 * @param dispatchPrefix where {@link S3Connector#dispatchTransactions} writes
 * @param leaseDuration how long a lease lasts unless renewed
 * @param heartbeatInterval how often held leases are renewed (below the lease duration)
 * @param workerId this worker's name, written into its leases
 * @param maxObjectBytes the largest object read; larger ones are dead-lettered unread
 */
public record S3Config(
    String bucket,
    String prefix,
    String region,
    @Nullable URI endpoint,
    boolean pathStyle,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    Mode mode,
    LineFormat lineFormat,
    OnSuccess onSuccess,
    String processedPrefix,
    String failedPrefix,
    String leasePrefix,
    String dispatchPrefix,
    Duration leaseDuration,
    Duration heartbeatInterval,
    String workerId,
    long maxObjectBytes) {

  /** How objects become transactions. */
  public enum Mode {
    /** One object is one transaction; its id is the key below the prefix. */
    OBJECT,
    /** Each line (record) of an object is one transaction; its id is {@code key#lineNumber}. */
    LINES
  }

  /** How a {@link Mode#LINES} object is split into records. */
  public enum LineFormat {
    /** JSON Lines: one JSON value per non-blank line. */
    JSON,
    /** CSV with a header row: each record becomes a map from column name to text. */
    CSV
  }

  /** What acknowledging does with a fully processed object. */
  public enum OnSuccess {
    /** Copy it to {@link S3Config#processedPrefix()}, then delete it. */
    MOVE,
    /** Delete it. */
    DELETE
  }

  /** The keys {@link #fromMap(Map)} accepts. */
  public static final Set<String> KEYS =
      Set.of(
          "bucket",
          "prefix",
          "region",
          "endpoint",
          "path_style",
          "access_key_id",
          "secret_access_key",
          "mode",
          "line_format",
          "on_success",
          "processed_prefix",
          "failed_prefix",
          "lease_prefix",
          "dispatch_prefix",
          "lease_duration",
          "heartbeat_interval",
          "worker_id",
          "max_object_bytes");

  private static final String BUCKET_NAME = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

  /**
   * Validates the settings.
   *
   * @throws ConfigurationException naming the setting and its value when one is invalid
   */
  public S3Config {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(lineFormat, "lineFormat");
    Objects.requireNonNull(onSuccess, "onSuccess");
    Objects.requireNonNull(processedPrefix, "processedPrefix");
    Objects.requireNonNull(failedPrefix, "failedPrefix");
    Objects.requireNonNull(leasePrefix, "leasePrefix");
    Objects.requireNonNull(dispatchPrefix, "dispatchPrefix");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(workerId, "workerId");
    if (!bucket.matches(BUCKET_NAME) || bucket.contains("..")) {
      throw new ConfigurationException(
          "bucket", bucket, "3 to 63 lower-case letters, digits, '.' or '-' (an S3 bucket name)");
    }
    if (region.isBlank()) {
      throw new ConfigurationException("region", region, "a region name such as us-east-1");
    }
    if (endpoint != null
        && (endpoint.getScheme() == null
            || !Set.of("http", "https").contains(endpoint.getScheme().toLowerCase(Locale.ROOT))
            || endpoint.getHost() == null)) {
      throw new ConfigurationException("endpoint", endpoint, "an http(s) URL with a host");
    }
    checkCredentials(accessKeyId, secretAccessKey);
    checkPrefixes(prefix, processedPrefix, failedPrefix, leasePrefix);
    if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigurationException("lease_duration", leaseDuration, "at least 1 s");
    }
    if (heartbeatInterval.compareTo(Duration.ofMillis(100)) < 0
        || heartbeatInterval.compareTo(leaseDuration) >= 0) {
      throw new ConfigurationException(
          "heartbeat_interval",
          heartbeatInterval,
          "at least 100 ms and below lease_duration (" + leaseDuration + ")");
    }
    if (workerId.isBlank() || workerId.length() > 200) {
      throw new ConfigurationException("worker_id", workerId, "1 to 200 characters, not blank");
    }
    if (maxObjectBytes < 1) {
      throw new ConfigurationException("max_object_bytes", maxObjectBytes, ">= 1");
    }
  }

  private static void checkCredentials(@Nullable String id, @Nullable String secret) {
    if ((id == null) != (secret == null)) {
      throw new ConfigurationException(
          "s3: access_key_id and secret_access_key must be set together but only "
              + (id == null ? "secret_access_key" : "access_key_id")
              + " was");
    }
    if (id != null && id.isBlank()) {
      throw new ConfigurationException("access_key_id", id, "not blank");
    }
    if (secret != null && secret.isBlank()) {
      throw new ConfigurationException("s3: secret_access_key must not be blank");
    }
  }

  private static void checkPrefixes(String prefix, String processed, String failed, String lease) {
    Map<String, String> special =
        Map.of("processed_prefix", processed, "failed_prefix", failed, "lease_prefix", lease);
    for (Map.Entry<String, String> e : special.entrySet()) {
      String value = e.getValue();
      if (value.isEmpty() || !value.endsWith("/")) {
        throw new ConfigurationException(e.getKey(), value, "a non-empty prefix ending with '/'");
      }
      if (prefix.startsWith(value)) {
        throw new ConfigurationException(
            e.getKey(),
            value,
            "outside prefix '" + prefix + "' (the source prefix must not lie inside it)");
      }
      for (Map.Entry<String, String> other : special.entrySet()) {
        if (!other.getKey().equals(e.getKey())
            && (value.startsWith(other.getValue()) || other.getValue().startsWith(value))) {
          throw new ConfigurationException(
              e.getKey(), value, "apart from " + other.getKey() + " '" + other.getValue() + "'");
        }
      }
    }
  }

  /**
   * The key below {@link #prefix()} whose objects are never transactions: the lease, processed and
   * failed prefixes when they lie inside the source prefix.
   *
   * @param key an object key under {@link #prefix()}
   * @return true when the key is one of the connector's own
   */
  public boolean isBookkeeping(String key) {
    return key.startsWith(leasePrefix)
        || key.startsWith(processedPrefix)
        || key.startsWith(failedPrefix);
  }

  /**
   * A new builder with the defaults: prefix {@code ""}, region us-east-1, mode {@link Mode#OBJECT},
   * line format {@link LineFormat#JSON}, on success {@link OnSuccess#MOVE}, processed prefix {@code
   * processed/}, failed prefix {@code failed/}, lease prefix {@code <prefix>.leases/}, dispatch
   * prefix = the prefix, lease 30 s, heartbeat a third of the lease, a random worker id, objects up
   * to 64 MiB.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings from string keys ({@link #KEYS}); durations as {@code 500ms}, {@code 2s}, {@code 1m},
   * {@code 1h} or ISO-8601; enums by name, case-insensitive. Unknown keys are rejected, naming
   * them.
   *
   * @param settings the settings
   * @return the validated config
   * @throws ConfigurationException naming the key when a setting is unknown or invalid
   */
  public static S3Config fromMap(Map<String, String> settings) {
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "s3: unknown settings " + unknown + "; known settings are " + new TreeSet<>(KEYS));
    }
    Builder b = builder();
    SettingsReader r = new SettingsReader(settings);
    r.text("bucket").ifPresent(b::bucket);
    r.text("prefix").ifPresent(b::prefix);
    r.text("region").ifPresent(b::region);
    r.uri("endpoint").ifPresent(b::endpoint);
    r.bool("path_style").ifPresent(b::pathStyle);
    b.accessKeyId = settings.get("access_key_id");
    b.secretAccessKey = settings.get("secret_access_key");
    r.choice("mode", Mode.class).ifPresent(b::mode);
    r.choice("line_format", LineFormat.class).ifPresent(b::lineFormat);
    r.choice("on_success", OnSuccess.class).ifPresent(b::onSuccess);
    r.text("processed_prefix").ifPresent(b::processedPrefix);
    r.text("failed_prefix").ifPresent(b::failedPrefix);
    r.text("lease_prefix").ifPresent(b::leasePrefix);
    r.text("dispatch_prefix").ifPresent(b::dispatchPrefix);
    r.duration("lease_duration").ifPresent(b::leaseDuration);
    r.duration("heartbeat_interval").ifPresent(b::heartbeatInterval);
    r.text("worker_id").ifPresent(b::workerId);
    r.number("max_object_bytes").ifPresent(b::maxObjectBytes);
    if (!settings.containsKey("bucket")) {
      throw new ConfigurationException("s3: the setting bucket is required");
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "S3Config[bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", pathStyle="
        + pathStyle
        + ", credentials="
        + (accessKeyId == null ? "default provider chain" : "static " + accessKeyId + "/****")
        + ", mode="
        + mode
        + ", lineFormat="
        + lineFormat
        + ", onSuccess="
        + onSuccess
        + ", processedPrefix="
        + processedPrefix
        + ", failedPrefix="
        + failedPrefix
        + ", leasePrefix="
        + leasePrefix
        + ", dispatchPrefix="
        + dispatchPrefix
        + ", leaseDuration="
        + leaseDuration
        + ", heartbeatInterval="
        + heartbeatInterval
        + ", workerId="
        + workerId
        + ", maxObjectBytes="
        + maxObjectBytes
        + "]";
  }

  /** Builds an {@link S3Config}; {@link #build()} validates. */
  public static final class Builder {
    private @Nullable String bucket;
    private String prefix = "";
    private String region = "us-east-1";
    private @Nullable URI endpoint;
    private boolean pathStyle;
    private @Nullable String accessKeyId;
    private @Nullable String secretAccessKey;
    private Mode mode = Mode.OBJECT;
    private LineFormat lineFormat = LineFormat.JSON;
    private OnSuccess onSuccess = OnSuccess.MOVE;
    private String processedPrefix = "processed/";
    private String failedPrefix = "failed/";
    private @Nullable String leasePrefix;
    private @Nullable String dispatchPrefix;
    private Duration leaseDuration = Duration.ofSeconds(30);
    private @Nullable Duration heartbeatInterval;
    private @Nullable String workerId;
    private long maxObjectBytes = 64L * 1024 * 1024;

    private Builder() {}

    /**
     * The bucket (required).
     *
     * @param bucket the bucket name
     * @return this builder
     */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /**
     * The key prefix whose objects are read, such as {@code inbox/}.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    /**
     * The region.
     *
     * @param region the region
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * An endpoint override, for S3-compatible servers.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Path-style addressing.
     *
     * @param pathStyle true for {@code http://host/bucket/key}
     * @return this builder
     */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Static credentials instead of the default provider chain.
     *
     * @param accessKeyId the access key id
     * @param secretAccessKey the secret access key
     * @return this builder
     */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.accessKeyId = accessKeyId;
      this.secretAccessKey = secretAccessKey;
      return this;
    }

    /**
     * One transaction per object or per line.
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * How lines are read in {@link Mode#LINES}.
     *
     * @param format the format
     * @return this builder
     */
    public Builder lineFormat(LineFormat format) {
      this.lineFormat = format;
      return this;
    }

    /**
     * What acknowledging does.
     *
     * @param onSuccess move or delete
     * @return this builder
     */
    public Builder onSuccess(OnSuccess onSuccess) {
      this.onSuccess = onSuccess;
      return this;
    }

    /**
     * Where acknowledged objects go.
     *
     * @param prefix the prefix, ending with '/'
     * @return this builder
     */
    public Builder processedPrefix(String prefix) {
      this.processedPrefix = prefix;
      return this;
    }

    /**
     * Where dead-lettered objects and lines go.
     *
     * @param prefix the prefix, ending with '/'
     * @return this builder
     */
    public Builder failedPrefix(String prefix) {
      this.failedPrefix = prefix;
      return this;
    }

    /**
     * Where lease markers are written (default {@code <prefix>.leases/}).
     *
     * @param prefix the prefix, ending with '/'
     * @return this builder
     */
    public Builder leasePrefix(String prefix) {
      this.leasePrefix = prefix;
      return this;
    }

    /**
     * Where dispatched transactions are written (default the source prefix).
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder dispatchPrefix(String prefix) {
      this.dispatchPrefix = prefix;
      return this;
    }

    /**
     * How long a lease lasts unless renewed.
     *
     * @param duration the duration
     * @return this builder
     */
    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = duration;
      return this;
    }

    /**
     * How often leases are renewed (default a third of the lease duration).
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    /**
     * This worker's name in its leases (default {@code s3-worker-<random>}).
     *
     * @param workerId the name
     * @return this builder
     */
    public Builder workerId(String workerId) {
      this.workerId = workerId;
      return this;
    }

    /**
     * The largest object read.
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxObjectBytes(long bytes) {
      this.maxObjectBytes = bytes;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     * @throws ConfigurationException naming the setting when one is invalid
     */
    public S3Config build() {
      if (bucket == null) {
        throw new ConfigurationException("s3: the setting bucket is required");
      }
      Duration heartbeat =
          heartbeatInterval != null
              ? heartbeatInterval
              : Duration.ofMillis(Math.max(100, leaseDuration.toMillis() / 3));
      return new S3Config(
          bucket,
          prefix,
          region,
          endpoint,
          pathStyle,
          accessKeyId,
          secretAccessKey,
          mode,
          lineFormat,
          onSuccess,
          processedPrefix,
          failedPrefix,
          leasePrefix != null ? leasePrefix : prefix + ".leases/",
          dispatchPrefix != null ? dispatchPrefix : prefix,
          leaseDuration,
          heartbeat,
          workerId != null ? workerId : "s3-worker-" + UUID.randomUUID().toString().substring(0, 8),
          maxObjectBytes);
    }
  }
}
