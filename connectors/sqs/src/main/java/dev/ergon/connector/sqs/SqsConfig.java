package dev.ergon.connector.sqs;

import dev.ergon.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link SqsConnector}, validated when built. Build one in code with {@link
 * #builder()} or from {@code ergon.yaml}-style string settings with {@link #fromMap(Map)}.
 *
 * <p>The secret access key never appears in {@link #toString()} or in any exception message.
 *
 * @param queueUrl the queue URL, or null when {@code queueName} is given
 * @param queueName the queue name, resolved to its URL when the connector opens, or null
 * @param region the AWS region
 * @param endpoint an endpoint override (ElasticMQ, LocalStack), or null for AWS
 * @param accessKeyId a static access key id, or null for the default credentials provider chain
 * @param secretAccessKey the static secret access key, or null (set together with the id)
 * @param waitTime the long-polling wait of one ReceiveMessage call (0 to 20 s)
 * @param visibilityTimeout the visibility timeout asked for on receive and renewed by the heartbeat
 * @param heartbeatInterval how often the visibility of held messages is extended (below the
 *     visibility timeout)
 * @param requeueDelay the visibility given to a released message ({@code reject(tx, true)})
 * @param deadLetterQueueUrl an explicit dead-letter queue, or null to rely on the queue's redrive
 *     policy
 * @param groupIdKey the metadata key whose value is the FIFO message group id on dispatch
 * @param defaultGroupId the FIFO message group id when the metadata has none
 * @param deduplicationIdKey the metadata key whose value is the FIFO deduplication id on dispatch
 *     (otherwise the transaction id)
 */
public record SqsConfig(
    @Nullable String queueUrl,
    @Nullable String queueName,
    String region,
    @Nullable URI endpoint,
    @Nullable String accessKeyId,
    @Nullable String secretAccessKey,
    Duration waitTime,
    Duration visibilityTimeout,
    Duration heartbeatInterval,
    Duration requeueDelay,
    @Nullable String deadLetterQueueUrl,
    String groupIdKey,
    String defaultGroupId,
    String deduplicationIdKey) {

  private static final Duration MAX_WAIT = Duration.ofSeconds(20);
  private static final Duration MAX_VISIBILITY = Duration.ofHours(12);

  /** The keys {@link #fromMap(Map)} accepts. */
  public static final Set<String> KEYS =
      Set.of(
          "queue_url",
          "queue_name",
          "region",
          "endpoint",
          "access_key_id",
          "secret_access_key",
          "wait_time",
          "visibility_timeout",
          "heartbeat_interval",
          "requeue_delay",
          "dead_letter_queue_url",
          "group_id_key",
          "default_group_id",
          "deduplication_id_key");

  /**
   * Validates the settings.
   *
   * @throws ConfigurationException naming the setting and its value when one is invalid
   */
  public SqsConfig {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(waitTime, "waitTime");
    Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(requeueDelay, "requeueDelay");
    Objects.requireNonNull(groupIdKey, "groupIdKey");
    Objects.requireNonNull(defaultGroupId, "defaultGroupId");
    Objects.requireNonNull(deduplicationIdKey, "deduplicationIdKey");
    if ((queueUrl == null) == (queueName == null)) {
      throw new ConfigurationException(
          "sqs: exactly one of queue_url and queue_name must be set but "
              + (queueUrl == null ? "neither was" : "both were"));
    }
    if (queueUrl != null && !queueUrl.startsWith("http://") && !queueUrl.startsWith("https://")) {
      throw new ConfigurationException("queue_url", queueUrl, "an http(s) URL");
    }
    if (queueName != null && !queueName.matches("[A-Za-z0-9_-]{1,75}(\\.fifo)?")) {
      throw new ConfigurationException(
          "queue_name", queueName, "1 to 80 letters, digits, '-' or '_' (optionally ending .fifo)");
    }
    if (region.isBlank()) {
      throw new ConfigurationException("region", region, "a region name such as us-east-1");
    }
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new ConfigurationException(
          "sqs: access_key_id and secret_access_key must be set together but only "
              + (accessKeyId == null ? "secret_access_key" : "access_key_id")
              + " was");
    }
    if (accessKeyId != null && accessKeyId.isBlank()) {
      throw new ConfigurationException("access_key_id", accessKeyId, "not blank");
    }
    if (secretAccessKey != null && secretAccessKey.isBlank()) {
      throw new ConfigurationException("sqs: secret_access_key must not be blank");
    }
    if (waitTime.isNegative()
        || waitTime.compareTo(MAX_WAIT) > 0
        || waitTime.toMillis() % 1000 != 0) {
      throw new ConfigurationException("wait_time", waitTime, "whole seconds between 0 and 20 s");
    }
    if (visibilityTimeout.compareTo(Duration.ofSeconds(1)) < 0
        || visibilityTimeout.compareTo(MAX_VISIBILITY) > 0
        || visibilityTimeout.toMillis() % 1000 != 0) {
      throw new ConfigurationException(
          "visibility_timeout", visibilityTimeout, "whole seconds between 1 s and 12 h");
    }
    if (heartbeatInterval.compareTo(Duration.ofMillis(100)) < 0
        || heartbeatInterval.compareTo(visibilityTimeout) >= 0) {
      throw new ConfigurationException(
          "heartbeat_interval",
          heartbeatInterval,
          "at least 100 ms and below visibility_timeout (" + visibilityTimeout + ")");
    }
    if (requeueDelay.isNegative()
        || requeueDelay.compareTo(MAX_VISIBILITY) > 0
        || requeueDelay.toMillis() % 1000 != 0) {
      throw new ConfigurationException(
          "requeue_delay", requeueDelay, "whole seconds between 0 and 12 h");
    }
    if (deadLetterQueueUrl != null
        && !deadLetterQueueUrl.startsWith("http://")
        && !deadLetterQueueUrl.startsWith("https://")) {
      throw new ConfigurationException(
          "dead_letter_queue_url", deadLetterQueueUrl, "an http(s) URL");
    }
    if (groupIdKey.isBlank()) {
      throw new ConfigurationException("group_id_key", groupIdKey, "not blank");
    }
    if (!defaultGroupId.matches("[\\x21-\\x7E]{1,128}")) {
      throw new ConfigurationException(
          "default_group_id", defaultGroupId, "1 to 128 printable ASCII characters");
    }
    if (deduplicationIdKey.isBlank()) {
      throw new ConfigurationException("deduplication_id_key", deduplicationIdKey, "not blank");
    }
  }

  /**
   * Whether the queue is a FIFO queue (its name or URL ends with {@code .fifo}).
   *
   * @return true for a FIFO queue
   */
  public boolean fifo() {
    return (queueUrl != null ? queueUrl : Objects.requireNonNull(queueName)).endsWith(".fifo");
  }

  /**
   * A new builder with the defaults: region us-east-1, wait 1 s, visibility 30 s, heartbeat 10 s,
   * requeue delay 0, group id key {@code sqs.groupId}, default group {@code default}, deduplication
   * id key {@code sqs.deduplicationId}.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Settings from string keys ({@link #KEYS}); durations as {@code 500ms}, {@code 2s}, {@code 1m}
   * or ISO-8601. Unknown keys are rejected, naming them.
   *
   * @param settings the settings
   * @return the validated config
   * @throws ConfigurationException naming the key when a setting is unknown or invalid
   */
  public static SqsConfig fromMap(Map<String, String> settings) {
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "sqs: unknown settings " + unknown + "; known settings are " + new TreeSet<>(KEYS));
    }
    Map<String, String> s = new LinkedHashMap<>(settings);
    Builder b = builder();
    b.queueUrl = s.get("queue_url");
    b.queueName = s.get("queue_name");
    if (s.containsKey("region")) {
      b.region(s.get("region"));
    }
    if (s.containsKey("endpoint")) {
      String e = s.get("endpoint");
      try {
        b.endpoint(URI.create(Objects.requireNonNull(e)));
      } catch (IllegalArgumentException ex) {
        throw new ConfigurationException("endpoint", e, "a URI");
      }
    }
    b.accessKeyId = s.get("access_key_id");
    b.secretAccessKey = s.get("secret_access_key");
    if (s.containsKey("wait_time")) {
      b.waitTime(duration("wait_time", s.get("wait_time")));
    }
    if (s.containsKey("visibility_timeout")) {
      b.visibilityTimeout(duration("visibility_timeout", s.get("visibility_timeout")));
    }
    if (s.containsKey("heartbeat_interval")) {
      b.heartbeatInterval(duration("heartbeat_interval", s.get("heartbeat_interval")));
    }
    if (s.containsKey("requeue_delay")) {
      b.requeueDelay(duration("requeue_delay", s.get("requeue_delay")));
    }
    b.deadLetterQueueUrl = s.get("dead_letter_queue_url");
    if (s.containsKey("group_id_key")) {
      b.groupIdKey(Objects.requireNonNull(s.get("group_id_key")));
    }
    if (s.containsKey("default_group_id")) {
      b.defaultGroupId(Objects.requireNonNull(s.get("default_group_id")));
    }
    if (s.containsKey("deduplication_id_key")) {
      b.deduplicationIdKey(Objects.requireNonNull(s.get("deduplication_id_key")));
    }
    return b.build();
  }

  private static Duration duration(String key, @Nullable String value) {
    String v = value == null ? "" : value.trim();
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      if (v.endsWith("h")) {
        return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).trim()));
      }
      return Duration.parse(v);
    } catch (RuntimeException e) {
      throw new ConfigurationException(key, value, "a duration such as 500ms, 2s, 1m or PT2S");
    }
  }

  @Override
  public String toString() {
    return "SqsConfig[queueUrl="
        + queueUrl
        + ", queueName="
        + queueName
        + ", region="
        + region
        + ", endpoint="
        + endpoint
        + ", credentials="
        + (accessKeyId == null ? "default provider chain" : "static " + accessKeyId + "/****")
        + ", waitTime="
        + waitTime
        + ", visibilityTimeout="
        + visibilityTimeout
        + ", heartbeatInterval="
        + heartbeatInterval
        + ", requeueDelay="
        + requeueDelay
        + ", deadLetterQueueUrl="
        + deadLetterQueueUrl
        + ", groupIdKey="
        + groupIdKey
        + ", defaultGroupId="
        + defaultGroupId
        + ", deduplicationIdKey="
        + deduplicationIdKey
        + "]";
  }

  /** Builds an {@link SqsConfig}. */
  public static final class Builder {
    private @Nullable String queueUrl;
    private @Nullable String queueName;
    private String region = "us-east-1";
    private @Nullable URI endpoint;
    private @Nullable String accessKeyId;
    private @Nullable String secretAccessKey;
    private Duration waitTime = Duration.ofSeconds(1);
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    private @Nullable Duration heartbeatInterval;
    private Duration requeueDelay = Duration.ZERO;
    private @Nullable String deadLetterQueueUrl;
    private String groupIdKey = "sqs.groupId";
    private String defaultGroupId = "default";
    private String deduplicationIdKey = "sqs.deduplicationId";

    private Builder() {}

    /**
     * The queue URL.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder queueUrl(String url) {
      this.queueUrl = url;
      return this;
    }

    /**
     * The queue name, resolved to its URL when the connector opens.
     *
     * @param name the name
     * @return this builder
     */
    public Builder queueName(String name) {
      this.queueName = name;
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
     * An endpoint override.
     *
     * @param endpoint the endpoint
     * @return this builder
     */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
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
     * The long-polling wait of one receive call.
     *
     * @param wait the wait
     * @return this builder
     */
    public Builder waitTime(Duration wait) {
      this.waitTime = wait;
      return this;
    }

    /**
     * The visibility timeout.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder visibilityTimeout(Duration timeout) {
      this.visibilityTimeout = timeout;
      return this;
    }

    /**
     * The heartbeat interval (default a third of the visibility timeout).
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = interval;
      return this;
    }

    /**
     * The visibility of a released message.
     *
     * @param delay the delay
     * @return this builder
     */
    public Builder requeueDelay(Duration delay) {
      this.requeueDelay = delay;
      return this;
    }

    /**
     * An explicit dead-letter queue.
     *
     * @param url its URL
     * @return this builder
     */
    public Builder deadLetterQueueUrl(String url) {
      this.deadLetterQueueUrl = url;
      return this;
    }

    /**
     * The metadata key of the FIFO group id.
     *
     * @param key the key
     * @return this builder
     */
    public Builder groupIdKey(String key) {
      this.groupIdKey = key;
      return this;
    }

    /**
     * The FIFO group id when the metadata has none.
     *
     * @param groupId the group id
     * @return this builder
     */
    public Builder defaultGroupId(String groupId) {
      this.defaultGroupId = groupId;
      return this;
    }

    /**
     * The metadata key of the FIFO deduplication id.
     *
     * @param key the key
     * @return this builder
     */
    public Builder deduplicationIdKey(String key) {
      this.deduplicationIdKey = key;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the config
     * @throws ConfigurationException naming the setting when one is invalid
     */
    public SqsConfig build() {
      Duration heartbeat =
          heartbeatInterval != null
              ? heartbeatInterval
              : Duration.ofMillis(Math.max(100, visibilityTimeout.toMillis() / 3));
      return new SqsConfig(
          queueUrl,
          queueName,
          region,
          endpoint,
          accessKeyId,
          secretAccessKey,
          waitTime,
          visibilityTimeout,
          heartbeat,
          requeueDelay,
          deadLetterQueueUrl,
          groupIdKey,
          defaultGroupId,
          deduplicationIdKey);
    }
  }
}
