package dev.ergon.connector.redis;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link RedisConnector}: the server, the stream and its consumer group, reclaiming
 * of pending entries, dead-lettering, trimming and timeouts.
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.builder()
 *     .uri("redis://:s3cret@redis.internal:6379/0")
 *     .stream("orders").group("order-workers")
 *     .minIdle(Duration.ofSeconds(30))   // entries of a dead consumer are reclaimed after 30 s
 *     .maxDeliveries(5)                  // the 6th delivery is dead-lettered to orders.dead
 *     .build();
 * }</pre>
 *
 * <p>{@link #fromMap(Map)} reads the same settings from {@code ergon.yaml}-style strings (keys in
 * snake case, see {@link #KEYS}); unknown keys are refused naming them. {@link #toString()} never
 * shows a password. Immutable and thread-safe.
 *
 * @param uri the server, {@code redis://[[user]:password@]host[:port][/database]} or {@code
 *     rediss://} for TLS; default {@code redis://127.0.0.1:6379}
 * @param password the password, overriding one in the URI (so that it can come from a secret); null
 *     for none; never shown
 * @param stream the stream the consumer group reads
 * @param group the consumer group, shared by every worker of the same pipeline
 * @param consumer this connector's consumer name in the group; must be unique per connector; null
 *     means a generated one ({@code <client_name>-<pid>-<random>})
 * @param publishStream where {@code dispatchTransactions} adds entries; null means {@code stream}
 * @param deadLetterStream where rejected, undecodable and over-delivered entries go; null means
 *     {@code <stream>.dead}
 * @param createGroup create the group (and the stream, {@code MKSTREAM}) when missing; default
 *     true; when false a missing group fails at start
 * @param groupStartId where a group created by the connector starts: {@code 0} (every entry of the
 *     stream, the default) or {@code $} (only new entries)
 * @param minIdle how long a pending entry must be idle before another consumer reclaims it with
 *     {@code XAUTOCLAIM}; default 30 s
 * @param reclaimInterval how often a new reclaim pass over the pending entries list starts; a pass
 *     walks the whole {@code XAUTOCLAIM} cursor over as many fetches as it needs; default 5 s
 * @param reclaimCount the {@code COUNT} of one {@code XAUTOCLAIM} call (it also stops at the
 *     fetch's batch size; Redis looks at up to ten times as many entries per call); default 100
 * @param maxDeliveries how many times an entry is delivered for processing; a delivery past it is
 *     dead-lettered by the connector; null means no limit
 * @param requeueDelay how long a requeued ({@code reject(tx, true)}) entry waits before it may be
 *     reclaimed; between 0 (the default, at once) and {@code minIdle}
 * @param deleteOnAck also {@code XDEL} an entry when it is acknowledged or dead-lettered; default
 *     false (the entry stays in the stream until it is trimmed)
 * @param maxLen trim the publish stream to about this many entries on each dispatch ({@code MAXLEN
 *     ~}); null means no trimming
 * @param block how long one fetch blocks in {@code XREADGROUP} for new entries; between 1 ms and 1
 *     s (so that shutdown is prompt), default 500 ms
 * @param heartbeatInterval how often the entries in flight are marked as still being worked on
 *     (their idle time reset), so that long work is not reclaimed by another consumer; null means a
 *     third of {@code minIdle}; must be shorter than {@code minIdle}
 * @param pruneConsumersAfter remove a consumer of the group that holds no pending entry and has
 *     been idle this long (a worker that died, whose entries were reclaimed), checked atomically in
 *     a Lua script; default 1 h; null never removes any
 * @param commandTimeout the bound of each Redis command (beyond the block); default 5 s
 * @param clientName the client name shown by {@code CLIENT LIST}; default {@code ergon-redis}
 */
public record RedisSettings(
    String uri,
    @Nullable String password,
    String stream,
    String group,
    @Nullable String consumer,
    @Nullable String publishStream,
    @Nullable String deadLetterStream,
    boolean createGroup,
    String groupStartId,
    Duration minIdle,
    Duration reclaimInterval,
    int reclaimCount,
    @Nullable Integer maxDeliveries,
    Duration requeueDelay,
    boolean deleteOnAck,
    @Nullable Long maxLen,
    Duration block,
    @Nullable Duration heartbeatInterval,
    @Nullable Duration pruneConsumersAfter,
    Duration commandTimeout,
    String clientName) {

  /** The default server: {@code redis://127.0.0.1:6379}. */
  public static final String DEFAULT_URI = "redis://127.0.0.1:6379";

  /** The default min idle time before a pending entry is reclaimed: 30 s. */
  public static final Duration DEFAULT_MIN_IDLE = Duration.ofSeconds(30);

  /** The default interval between reclaim passes: 5 s. */
  public static final Duration DEFAULT_RECLAIM_INTERVAL = Duration.ofSeconds(5);

  /** The default {@code XAUTOCLAIM COUNT}: 100. */
  public static final int DEFAULT_RECLAIM_COUNT = 100;

  /** The default block of one fetch: 500 ms. */
  public static final Duration DEFAULT_BLOCK = Duration.ofMillis(500);

  /** The default idle time after which a consumer without pending entries is removed: 1 h. */
  public static final Duration DEFAULT_PRUNE_CONSUMERS_AFTER = Duration.ofHours(1);

  /** The default command timeout: 5 s. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

  /** The keys {@link #fromMap(Map)} accepts. */
  public static final Set<String> KEYS =
      Set.of(
          "uri",
          "password",
          "stream",
          "group",
          "consumer",
          "publish_stream",
          "dead_letter_stream",
          "create_group",
          "group_start_id",
          "min_idle",
          "reclaim_interval",
          "reclaim_count",
          "max_deliveries",
          "requeue_delay",
          "delete_on_ack",
          "max_len",
          "block",
          "heartbeat_interval",
          "prune_consumers_after",
          "command_timeout",
          "client_name");

  /** Checks every field; messages name the key and the value (never a password). */
  public RedisSettings {
    uri = SettingChecks.nonBlank("uri", uri);
    if (!uri.matches("(?i)rediss?://[^\\s]+")) {
      throw new ConfigurationException(
          "uri", "'" + masked(uri) + "'", "a redis:// or rediss:// URI");
    }
    if (password != null && password.isEmpty()) {
      throw new ConfigurationException("password", "(empty)", "non-empty when set");
    }
    stream = key("stream", stream);
    group = key("group", group);
    if (consumer != null) {
      key("consumer", consumer);
    }
    if (publishStream != null) {
      key("publish_stream", publishStream);
    }
    if (deadLetterStream != null) {
      key("dead_letter_stream", deadLetterStream);
    }
    String dead = deadLetterStream != null ? deadLetterStream : stream + ".dead";
    if (dead.equals(stream)) {
      throw new ConfigurationException(
          "dead_letter_stream", "'" + dead + "'", "another stream than stream '" + stream + "'");
    }
    if (!"0".equals(groupStartId) && !"$".equals(groupStartId)) {
      throw new ConfigurationException("group_start_id", "'" + groupStartId + "'", "0 or $");
    }
    SettingChecks.positive("min_idle", minIdle);
    SettingChecks.positive("reclaim_interval", reclaimInterval);
    SettingChecks.between("reclaim_count", reclaimCount, 1, 100_000);
    if (maxDeliveries != null) {
      SettingChecks.between("max_deliveries", maxDeliveries, 1, 1_000_000);
    }
    if (requeueDelay == null || requeueDelay.isNegative() || requeueDelay.compareTo(minIdle) > 0) {
      throw new ConfigurationException(
          "requeue_delay", requeueDelay, "between 0 and min_idle (" + minIdle + ")");
    }
    if (maxLen != null && maxLen < 1) {
      throw new ConfigurationException("max_len", maxLen, ">= 1");
    }
    if (block == null
        || block.compareTo(Duration.ofMillis(1)) < 0
        || block.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new ConfigurationException("block", block, "between 1 ms and 1 s");
    }
    if (heartbeatInterval != null) {
      SettingChecks.positive("heartbeat_interval", heartbeatInterval);
      if (heartbeatInterval.compareTo(minIdle) >= 0) {
        throw new ConfigurationException(
            "heartbeat_interval", heartbeatInterval, "shorter than min_idle (" + minIdle + ")");
      }
    }
    if (pruneConsumersAfter != null) {
      SettingChecks.positive("prune_consumers_after", pruneConsumersAfter);
    }
    SettingChecks.positive("command_timeout", commandTimeout);
    if (commandTimeout.compareTo(block.plusSeconds(1)) < 0) {
      throw new ConfigurationException(
          "command_timeout", commandTimeout, "at least block (" + block + ") + 1 s");
    }
    clientName = key("client_name", clientName);
  }

  private static String key(String path, @Nullable String value) {
    SettingChecks.nonBlank(path, value);
    if (!value.matches("[^\\s\\p{Cntrl}]+")) {
      throw new ConfigurationException(
          path, "'" + value + "'", "free of spaces and control characters");
    }
    return value;
  }

  /**
   * A builder with the defaults; {@code stream} and {@code group} must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads settings from strings, as in an {@code ergon.yaml} connector section. Durations are
   * ISO-8601 ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s}, {@code 2m}).
   *
   * @param settings the keys of {@link #KEYS} and their values
   * @return the settings
   * @throws ConfigurationException for an unknown key (named), or a value that is wrong (the key
   *     and value are named, a password is not)
   */
  public static RedisSettings fromMap(Map<String, String> settings) {
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "unknown Redis connector setting(s) "
              + unknown
              + "; known settings are "
              + new TreeSet<>(KEYS));
    }
    Builder b = builder();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String k = e.getKey();
      String v = e.getValue() == null ? "" : e.getValue().trim();
      switch (k) {
        case "uri" -> b.uri(v);
        case "password" -> b.password(v);
        case "stream" -> b.stream(v);
        case "group" -> b.group(v);
        case "consumer" -> b.consumer(v);
        case "publish_stream" -> b.publishStream(v);
        case "dead_letter_stream" -> b.deadLetterStream(v);
        case "create_group" -> b.createGroup(SettingChecks.bool(k, v));
        case "group_start_id" -> b.groupStartId(v);
        case "min_idle" -> b.minIdle(SettingChecks.duration(k, v));
        case "reclaim_interval" -> b.reclaimInterval(SettingChecks.duration(k, v));
        case "reclaim_count" -> b.reclaimCount(SettingChecks.integer(k, v));
        case "max_deliveries" -> b.maxDeliveries(SettingChecks.integer(k, v));
        case "requeue_delay" -> b.requeueDelay(SettingChecks.duration(k, v));
        case "delete_on_ack" -> b.deleteOnAck(SettingChecks.bool(k, v));
        case "max_len" -> b.maxLen(SettingChecks.longInteger(k, v));
        case "block" -> b.block(SettingChecks.duration(k, v));
        case "heartbeat_interval" -> b.heartbeatInterval(SettingChecks.duration(k, v));
        case "prune_consumers_after" ->
            b.pruneConsumersAfter(
                v.equalsIgnoreCase("never") ? null : SettingChecks.duration(k, v));
        case "command_timeout" -> b.commandTimeout(SettingChecks.duration(k, v));
        case "client_name" -> b.clientName(v);
        default -> throw new IllegalStateException("unreachable: " + k);
      }
    }
    return b.build();
  }

  /**
   * The stream {@code dispatchTransactions} adds to.
   *
   * @return {@code publishStream}, or {@code stream}
   */
  public String effectivePublishStream() {
    return publishStream != null ? publishStream : stream;
  }

  /**
   * The dead-letter stream.
   *
   * @return {@code deadLetterStream}, or {@code <stream>.dead}
   */
  public String effectiveDeadLetterStream() {
    return deadLetterStream != null ? deadLetterStream : stream + ".dead";
  }

  /**
   * The heartbeat interval.
   *
   * @return {@code heartbeatInterval}, or a third of {@code minIdle}
   */
  public Duration effectiveHeartbeatInterval() {
    return heartbeatInterval != null ? heartbeatInterval : minIdle.dividedBy(3);
  }

  /**
   * The URI with its password (and user) replaced by {@code ***}, for messages and logs.
   *
   * @return the masked URI
   */
  public String maskedUri() {
    return masked(uri);
  }

  /** The settings with the password (also the URI's) replaced by {@code ***}. */
  @Override
  public String toString() {
    return "RedisSettings[uri="
        + maskedUri()
        + ", password="
        + (password == null ? null : "***")
        + ", stream="
        + stream
        + ", group="
        + group
        + ", consumer="
        + consumer
        + ", publishStream="
        + effectivePublishStream()
        + ", deadLetterStream="
        + effectiveDeadLetterStream()
        + ", createGroup="
        + createGroup
        + ", groupStartId="
        + groupStartId
        + ", minIdle="
        + minIdle
        + ", reclaimInterval="
        + reclaimInterval
        + ", reclaimCount="
        + reclaimCount
        + ", maxDeliveries="
        + maxDeliveries
        + ", requeueDelay="
        + requeueDelay
        + ", deleteOnAck="
        + deleteOnAck
        + ", maxLen="
        + maxLen
        + ", block="
        + block
        + ", heartbeatInterval="
        + effectiveHeartbeatInterval()
        + ", pruneConsumersAfter="
        + pruneConsumersAfter
        + ", commandTimeout="
        + commandTimeout
        + ", clientName="
        + clientName
        + "]";
  }

  /**
   * A URI with its user info (credentials) replaced by {@code ***}.
   *
   * @param uri the URI
   * @return the masked URI
   */
  static String masked(String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      return uri.substring(0, scheme + 3) + "***@" + uri.substring(at + 1);
    }
    return uri;
  }

  /** Builds {@link RedisSettings}. Not thread-safe. */
  public static final class Builder {
    private String uri = DEFAULT_URI;
    private @Nullable String password;
    private @Nullable String stream;
    private @Nullable String group;
    private @Nullable String consumer;
    private @Nullable String publishStream;
    private @Nullable String deadLetterStream;
    private boolean createGroup = true;
    private String groupStartId = "0";
    private Duration minIdle = DEFAULT_MIN_IDLE;
    private Duration reclaimInterval = DEFAULT_RECLAIM_INTERVAL;
    private int reclaimCount = DEFAULT_RECLAIM_COUNT;
    private @Nullable Integer maxDeliveries;
    private Duration requeueDelay = Duration.ZERO;
    private boolean deleteOnAck;
    private @Nullable Long maxLen;
    private Duration block = DEFAULT_BLOCK;
    private @Nullable Duration heartbeatInterval;
    private @Nullable Duration pruneConsumersAfter = DEFAULT_PRUNE_CONSUMERS_AFTER;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private String clientName = "ergon-redis";

    private Builder() {}

    /**
     * The server URI.
     *
     * @param uri {@code redis://} or {@code rediss://}
     * @return this builder
     */
    public Builder uri(String uri) {
      this.uri = uri;
      return this;
    }

    /**
     * The password, overriding one in the URI.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(@Nullable String password) {
      this.password = password;
      return this;
    }

    /**
     * The stream to consume.
     *
     * @param stream the stream key
     * @return this builder
     */
    public Builder stream(String stream) {
      this.stream = stream;
      return this;
    }

    /**
     * The consumer group.
     *
     * @param group the group name
     * @return this builder
     */
    public Builder group(String group) {
      this.group = group;
      return this;
    }

    /**
     * This connector's consumer name (unique per connector).
     *
     * @param consumer the name, or null for a generated one
     * @return this builder
     */
    public Builder consumer(@Nullable String consumer) {
      this.consumer = consumer;
      return this;
    }

    /**
     * Where dispatch adds entries.
     *
     * @param publishStream the stream key, or null for {@code stream}
     * @return this builder
     */
    public Builder publishStream(@Nullable String publishStream) {
      this.publishStream = publishStream;
      return this;
    }

    /**
     * The dead-letter stream.
     *
     * @param deadLetterStream the stream key, or null for {@code <stream>.dead}
     * @return this builder
     */
    public Builder deadLetterStream(@Nullable String deadLetterStream) {
      this.deadLetterStream = deadLetterStream;
      return this;
    }

    /**
     * Whether a missing group (and stream) is created.
     *
     * @param createGroup true to create
     * @return this builder
     */
    public Builder createGroup(boolean createGroup) {
      this.createGroup = createGroup;
      return this;
    }

    /**
     * Where a created group starts.
     *
     * @param groupStartId {@code 0} or {@code $}
     * @return this builder
     */
    public Builder groupStartId(String groupStartId) {
      this.groupStartId = groupStartId;
      return this;
    }

    /**
     * The idle time after which pending entries are reclaimed.
     *
     * @param minIdle the time
     * @return this builder
     */
    public Builder minIdle(Duration minIdle) {
      this.minIdle = minIdle;
      return this;
    }

    /**
     * How often a reclaim pass starts.
     *
     * @param reclaimInterval the interval
     * @return this builder
     */
    public Builder reclaimInterval(Duration reclaimInterval) {
      this.reclaimInterval = reclaimInterval;
      return this;
    }

    /**
     * The {@code COUNT} of one {@code XAUTOCLAIM}.
     *
     * @param reclaimCount at least 1
     * @return this builder
     */
    public Builder reclaimCount(int reclaimCount) {
      this.reclaimCount = reclaimCount;
      return this;
    }

    /**
     * The most deliveries for processing.
     *
     * @param maxDeliveries at least 1, or null for no limit
     * @return this builder
     */
    public Builder maxDeliveries(@Nullable Integer maxDeliveries) {
      this.maxDeliveries = maxDeliveries;
      return this;
    }

    /**
     * The delay of a requeued entry.
     *
     * @param requeueDelay between 0 and {@code minIdle}
     * @return this builder
     */
    public Builder requeueDelay(Duration requeueDelay) {
      this.requeueDelay = requeueDelay;
      return this;
    }

    /**
     * Whether settled entries are deleted from the stream.
     *
     * @param deleteOnAck true to {@code XDEL}
     * @return this builder
     */
    public Builder deleteOnAck(boolean deleteOnAck) {
      this.deleteOnAck = deleteOnAck;
      return this;
    }

    /**
     * The approximate length the publish stream is trimmed to.
     *
     * @param maxLen at least 1, or null for no trimming
     * @return this builder
     */
    public Builder maxLen(@Nullable Long maxLen) {
      this.maxLen = maxLen;
      return this;
    }

    /**
     * How long a fetch blocks.
     *
     * @param block between 1 ms and 1 s
     * @return this builder
     */
    public Builder block(Duration block) {
      this.block = block;
      return this;
    }

    /**
     * How often in-flight entries are kept from being reclaimed.
     *
     * @param heartbeatInterval shorter than {@code minIdle}, or null for a third of it
     * @return this builder
     */
    public Builder heartbeatInterval(@Nullable Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    /**
     * When consumers without pending entries are removed from the group.
     *
     * @param pruneConsumersAfter their idle time, or null to never remove any
     * @return this builder
     */
    public Builder pruneConsumersAfter(@Nullable Duration pruneConsumersAfter) {
      this.pruneConsumersAfter = pruneConsumersAfter;
      return this;
    }

    /**
     * The bound of each command.
     *
     * @param commandTimeout at least {@code block} + 1 s
     * @return this builder
     */
    public Builder commandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
      return this;
    }

    /**
     * The client name.
     *
     * @param clientName the name
     * @return this builder
     */
    public Builder clientName(String clientName) {
      this.clientName = clientName;
      return this;
    }

    /**
     * Builds and checks the settings.
     *
     * @return the settings
     * @throws ConfigurationException naming the first wrong field
     */
    public RedisSettings build() {
      return new RedisSettings(
          uri,
          password,
          SettingChecks.set("stream", stream),
          SettingChecks.set("group", group),
          consumer,
          publishStream,
          deadLetterStream,
          createGroup,
          groupStartId,
          minIdle,
          reclaimInterval,
          reclaimCount,
          maxDeliveries,
          requeueDelay,
          deleteOnAck,
          maxLen,
          block,
          heartbeatInterval,
          pruneConsumersAfter,
          commandTimeout,
          clientName);
    }
  }
}
