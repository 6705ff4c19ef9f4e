package dev.ergon.connector.kafka;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import dev.ergon.connector.kafka.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link KafkaConnector}: the brokers, the consumer group and its topics (or a
 * pattern), ordering, commit interval, the in-flight bound, dead-lettering, credentials and raw
 * client properties.
 *
 * <pre>{@code
 * KafkaSettings settings = KafkaSettings.builder()
 *     .bootstrapServers("kafka-1:9092,kafka-2:9092")
 *     .group("order-workers").topics("orders")
 *     .ordering(KafkaOrdering.KEY)            // the default
 *     .maxInFlight(1000)                      // pause fetching beyond this window
 *     .build();
 * }</pre>
 *
 * <p>{@link #fromMap(Map)} reads the same settings from {@code ergon.yaml}-style strings (keys in
 * snake case, see {@link #KEYS}, plus {@code properties.<client property>}); unknown keys are
 * refused naming them. {@link #toString()} never shows the SASL password nor a sensitive client
 * property. Immutable and thread-safe.
 *
 * @param bootstrapServers the brokers, {@code host:port}
 * @param group the consumer group; null for a connector that only dispatches
 * @param topics the topics consumed (empty when {@code topicPattern} is set)
 * @param topicPattern a regular expression of the topics consumed, or null
 * @param produceTopic where {@code dispatchTransactions} writes; null means the only topic
 * @param ordering which records may run at once; default {@link KafkaOrdering#KEY}
 * @param commitInterval how often the watermarks are committed asynchronously; default 1 s
 * @param maxInFlight the most offsets per connector between the last commit and the fetch position
 *     (over all assigned partitions); at the bound the partitions are paused, at half of it a
 *     commit is sent; it bounds the buffered records and what a crash delivers again; default 1000
 * @param deadLetterTopic where dead letters go; null means {@code <record topic>.dlt}
 * @param settleTimeout bounds publish acknowledgements, synchronous commits and look-ups; default
 *     10 s, at least 1 s
 * @param fetchWait the longest a fetch waits for a first record; 1 ms to 1 s, default 200 ms
 * @param clientId the client id prefix ({@code -consumer}, {@code -producer} appended); default
 *     {@code ergon-kafka}
 * @param autoOffsetReset where a group without a committed offset starts: {@code earliest}
 *     (default), {@code latest} or {@code none}
 * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code
 *     SASL_SSL}; null means the client's default ({@code PLAINTEXT}), or {@code SASL_SSL} when a
 *     SASL user is set
 * @param saslMechanism {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}; null means
 *     {@code PLAIN} when a SASL user is set
 * @param saslUsername the SASL user, or null
 * @param saslPassword the SASL password (with the user), or null; never shown
 * @param properties raw client properties, applied to the consumer and producer (never shown when
 *     they look like secrets); the ones the connector owns are refused
 */
public record KafkaSettings(
    List<String> bootstrapServers,
    @Nullable String group,
    List<String> topics,
    @Nullable String topicPattern,
    @Nullable String produceTopic,
    KafkaOrdering ordering,
    Duration commitInterval,
    int maxInFlight,
    @Nullable String deadLetterTopic,
    Duration settleTimeout,
    Duration fetchWait,
    String clientId,
    String autoOffsetReset,
    @Nullable String securityProtocol,
    @Nullable String saslMechanism,
    @Nullable String saslUsername,
    @Nullable String saslPassword,
    Map<String, String> properties) {

  /** The default commit interval: 1 s. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);

  /** The default in-flight bound: 1000 offsets. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1000;

  /** The default settle timeout: 10 s. */
  public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(10);

  /** The default fetch wait: 200 ms. */
  public static final Duration DEFAULT_FETCH_WAIT = Duration.ofMillis(200);

  /** The suffix of the default dead-letter topic: {@code .dlt}. */
  public static final String DLT_SUFFIX = ".dlt";

  /** The keys {@link #fromMap(Map)} accepts, besides {@code properties.*}. */
  public static final Set<String> KEYS =
      Set.of(
          "bootstrap_servers",
          "group",
          "topic",
          "topics",
          "topic_pattern",
          "produce_topic",
          "ordering",
          "commit_interval",
          "max_in_flight",
          "dead_letter_topic",
          "settle_timeout",
          "fetch_wait",
          "client_id",
          "auto_offset_reset",
          "security_protocol",
          "sasl_mechanism",
          "sasl_username",
          "sasl_password");

  /** The prefix of raw client properties in {@link #fromMap(Map)}: {@code properties.}. */
  public static final String PROPERTIES_PREFIX = "properties.";

  /** Client properties the connector sets itself and refuses as raw properties. */
  public static final Set<String> RESERVED_PROPERTIES =
      Set.of(
          "bootstrap.servers",
          "group.id",
          "enable.auto.commit",
          "auto.offset.reset",
          "key.deserializer",
          "value.deserializer",
          "key.serializer",
          "value.serializer",
          "enable.idempotence",
          "acks",
          "client.id",
          "security.protocol",
          "sasl.mechanism",
          "sasl.jaas.config",
          "transactional.id");

  private static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

  /** Checks every field; messages name the key and the value (never a secret). */
  public KafkaSettings {
    bootstrapServers = List.copyOf(SettingChecks.set("bootstrap_servers", bootstrapServers));
    if (bootstrapServers.isEmpty()) {
      throw new ConfigurationException("bootstrap_servers", "[]", "at least one host:port");
    }
    for (String s : bootstrapServers) {
      if (!s.matches("[^\\s:/@]+:\\d{1,5}") && !s.matches("\\[[0-9a-fA-F:]+\\]:\\d{1,5}")) {
        throw new ConfigurationException("bootstrap_servers", "'" + s + "'", "host:port");
      }
    }
    if (group != null && group.isBlank()) {
      throw new ConfigurationException("group", "'" + group + "'", "non-blank");
    }
    topics = List.copyOf(SettingChecks.set("topics", topics));
    topics.forEach(t -> Checks.topic("topics", t));
    if (topicPattern != null) {
      if (!topics.isEmpty()) {
        throw new ConfigurationException(
            "topic_pattern", "'" + topicPattern + "'", "unset when topics are set (use one)");
      }
      try {
        Pattern.compile(topicPattern);
      } catch (PatternSyntaxException e) {
        throw new ConfigurationException(
            "topic_pattern", "'" + topicPattern + "'", "a regular expression");
      }
    }
    if (produceTopic != null) {
      Checks.topic("produce_topic", produceTopic);
    } else if (topics.size() != 1) {
      if (topics.isEmpty() && topicPattern == null) {
        throw new ConfigurationException(
            "topics", "[]", "set (or topic_pattern, or produce_topic)");
      }
    }
    if (group != null && topics.isEmpty() && topicPattern == null) {
      throw new ConfigurationException(
          "topics", "[]", "set (or topic_pattern) when a group is set");
    }
    SettingChecks.set("ordering", ordering);
    SettingChecks.positive("commit_interval", commitInterval);
    if (maxInFlight < 1 || maxInFlight > 1_000_000) {
      throw new ConfigurationException("max_in_flight", maxInFlight, "between 1 and 1000000");
    }
    if (deadLetterTopic != null) {
      Checks.topic("dead_letter_topic", deadLetterTopic);
    }
    for (String t : topics) {
      String dlt = deadLetterTopic != null ? deadLetterTopic : t + DLT_SUFFIX;
      if (topics.contains(dlt)) {
        throw new ConfigurationException(
            "dead_letter_topic",
            "'" + dlt + "'",
            "not one of the consumed topics " + topics + " (dead letters would be consumed again)");
      }
    }
    if (topicPattern != null
        && deadLetterTopic != null
        && Pattern.compile(topicPattern).matcher(deadLetterTopic).matches()) {
      throw new ConfigurationException(
          "dead_letter_topic",
          "'" + deadLetterTopic + "'",
          "not matched by topic_pattern '" + topicPattern + "'");
    }
    SettingChecks.positive("settle_timeout", settleTimeout);
    if (settleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigurationException("settle_timeout", settleTimeout, "at least 1 s");
    }
    if (fetchWait == null
        || fetchWait.compareTo(Duration.ofMillis(1)) < 0
        || fetchWait.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new ConfigurationException("fetch_wait", fetchWait, "between 1 ms and 1 s");
    }
    if (clientId == null || !clientId.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigurationException(
          "client_id",
          clientId == null ? null : "'" + clientId + "'",
          "letters, digits, '.', '_', '-'");
    }
    if (!Set.of("earliest", "latest", "none").contains(autoOffsetReset)) {
      throw new ConfigurationException(
          "auto_offset_reset", "'" + autoOffsetReset + "'", "earliest, latest or none");
    }
    if (securityProtocol != null && !PROTOCOLS.contains(securityProtocol)) {
      throw new ConfigurationException(
          "security_protocol", "'" + securityProtocol + "'", "one of " + new TreeSet<>(PROTOCOLS));
    }
    if (saslMechanism != null && !MECHANISMS.contains(saslMechanism)) {
      throw new ConfigurationException(
          "sasl_mechanism", "'" + saslMechanism + "'", "one of " + new TreeSet<>(MECHANISMS));
    }
    if (saslPassword != null && saslUsername == null) {
      throw new ConfigurationException("sasl_username", null, "set when sasl_password is set");
    }
    if (saslUsername != null) {
      if (saslUsername.isBlank() || saslUsername.contains("\"")) {
        throw new ConfigurationException(
            "sasl_username", "'" + saslUsername + "'", "non-blank, without '\"'");
      }
      if (saslPassword == null || saslPassword.contains("\"")) {
        throw new ConfigurationException(
            "sasl_password", saslPassword == null ? null : "(hidden)", "set, without '\"'");
      }
      if (securityProtocol != null && !securityProtocol.startsWith("SASL_")) {
        throw new ConfigurationException(
            "security_protocol",
            "'" + securityProtocol + "'",
            "SASL_PLAINTEXT or SASL_SSL when sasl_username is set");
      }
    }
    properties = Map.copyOf(SettingChecks.set("properties", properties));
    for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
      if (RESERVED_PROPERTIES.contains(e.getKey())) {
        throw new ConfigurationException(
            PROPERTIES_PREFIX + e.getKey(),
            Checks.sensitive(e.getKey()) ? "(hidden)" : "'" + e.getValue() + "'",
            "unset: the connector sets it (use the matching setting, see KafkaSettings.KEYS)");
      }
    }
  }

  /**
   * A builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads settings from strings, as in an {@code ergon.yaml} connector section. Durations are
   * ISO-8601 ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s}, {@code 2m});
   * {@code bootstrap_servers} and {@code topics} are comma-separated; {@code properties.<name>}
   * passes a client property.
   *
   * @param settings the keys of {@link #KEYS} (and {@code properties.*}) and their values
   * @return the settings
   * @throws ConfigurationException for an unknown key (named), or a value that is wrong (the key
   *     and value are named, a secret is not)
   */
  public static KafkaSettings fromMap(Map<String, String> settings) {
    Set<String> unknown = new TreeSet<>();
    for (String k : settings.keySet()) {
      if (!KEYS.contains(k)
          && !(k.startsWith(PROPERTIES_PREFIX) && k.length() > PROPERTIES_PREFIX.length())) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "unknown Kafka connector setting(s) "
              + unknown
              + "; known settings are "
              + new TreeSet<>(KEYS)
              + " and properties.<client property>");
    }
    Builder b = builder();
    Map<String, String> raw = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
      String k = e.getKey();
      String v = e.getValue() == null ? "" : e.getValue().trim();
      if (k.startsWith(PROPERTIES_PREFIX)) {
        raw.put(k.substring(PROPERTIES_PREFIX.length()), v);
        continue;
      }
      switch (k) {
        case "bootstrap_servers" -> b.bootstrapServers(v);
        case "group" -> b.group(v);
        case "topic", "topics" -> b.topics(split(v));
        case "topic_pattern" -> b.topicPattern(v);
        case "produce_topic" -> b.produceTopic(v);
        case "ordering" -> b.ordering(KafkaOrdering.parse(k, v));
        case "commit_interval" -> b.commitInterval(SettingChecks.duration(k, v));
        case "max_in_flight" -> b.maxInFlight(SettingChecks.integer(k, v));
        case "dead_letter_topic" -> b.deadLetterTopic(v);
        case "settle_timeout" -> b.settleTimeout(SettingChecks.duration(k, v));
        case "fetch_wait" -> b.fetchWait(SettingChecks.duration(k, v));
        case "client_id" -> b.clientId(v);
        case "auto_offset_reset" -> b.autoOffsetReset(v.toLowerCase(Locale.ROOT));
        case "security_protocol" -> b.securityProtocol(v.toUpperCase(Locale.ROOT));
        case "sasl_mechanism" -> b.saslMechanism(v.toUpperCase(Locale.ROOT));
        case "sasl_username" -> b.saslUsername(v);
        case "sasl_password" -> b.saslPassword(v);
        default -> throw new IllegalStateException("unreachable: " + k);
      }
    }
    return b.properties(raw).build();
  }

  private static List<String> split(String v) {
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * The topic {@code dispatchTransactions} writes to.
   *
   * @return {@code produceTopic}, or the only topic
   * @throws ConfigurationException when neither is there
   */
  public String effectiveProduceTopic() {
    if (produceTopic != null) {
      return produceTopic;
    }
    if (topics.size() == 1) {
      return topics.get(0);
    }
    throw new ConfigurationException(
        "produce_topic", null, "set to dispatch (the connector reads " + describeSource() + ")");
  }

  /**
   * The dead-letter topic of a record read from {@code topic}.
   *
   * @param topic the record's topic
   * @return {@code deadLetterTopic}, or {@code <topic>.dlt}
   */
  public String deadLetterTopicFor(String topic) {
    return deadLetterTopic != null ? deadLetterTopic : topic + DLT_SUFFIX;
  }

  /**
   * The consumed topics or pattern, for messages.
   *
   * @return a short description
   */
  public String describeSource() {
    return topicPattern != null ? "topics matching '" + topicPattern + "'" : "topics " + topics;
  }

  /** The settings, with the SASL password and sensitive client properties as {@code ***}. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((k, v) -> shown.put(k, Checks.sensitive(k) ? "***" : v));
    return "KafkaSettings[bootstrapServers="
        + bootstrapServers
        + ", group="
        + group
        + ", topics="
        + topics
        + ", topicPattern="
        + topicPattern
        + ", produceTopic="
        + produceTopic
        + ", ordering="
        + ordering
        + ", commitInterval="
        + commitInterval
        + ", maxInFlight="
        + maxInFlight
        + ", deadLetterTopic="
        + deadLetterTopic
        + ", settleTimeout="
        + settleTimeout
        + ", fetchWait="
        + fetchWait
        + ", clientId="
        + clientId
        + ", autoOffsetReset="
        + autoOffsetReset
        + ", securityProtocol="
        + securityProtocol
        + ", saslMechanism="
        + saslMechanism
        + ", saslUsername="
        + saslUsername
        + ", saslPassword="
        + (saslPassword == null ? null : "***")
        + ", properties="
        + shown
        + "]";
  }

  /** Builds {@link KafkaSettings}. Not thread-safe. */
  public static final class Builder {
    private List<String> bootstrapServers = List.of("127.0.0.1:9092");
    private @Nullable String group;
    private List<String> topics = List.of();
    private @Nullable String topicPattern;
    private @Nullable String produceTopic;
    private KafkaOrdering ordering = KafkaOrdering.KEY;
    private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private @Nullable String deadLetterTopic;
    private Duration settleTimeout = DEFAULT_SETTLE_TIMEOUT;
    private Duration fetchWait = DEFAULT_FETCH_WAIT;
    private String clientId = "ergon-kafka";
    private String autoOffsetReset = "earliest";
    private @Nullable String securityProtocol;
    private @Nullable String saslMechanism;
    private @Nullable String saslUsername;
    private @Nullable String saslPassword;
    private Map<String, String> properties = Map.of();

    private Builder() {}

    /**
     * The brokers, comma-separated.
     *
     * @param servers {@code host:port[,host:port…]}; default {@code 127.0.0.1:9092}
     * @return this builder
     */
    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = split(servers);
      return this;
    }

    /**
     * The consumer group.
     *
     * @param group its id; null for a dispatch-only connector
     * @return this builder
     */
    public Builder group(@Nullable String group) {
      this.group = group;
      return this;
    }

    /**
     * The topics consumed.
     *
     * @param topics one or more topic names
     * @return this builder
     */
    public Builder topics(String... topics) {
      return topics(List.of(topics));
    }

    /**
     * The topics consumed.
     *
     * @param topics topic names
     * @return this builder
     */
    public Builder topics(List<String> topics) {
      this.topics = new ArrayList<>(topics);
      return this;
    }

    /**
     * A regular expression of the topics consumed (instead of {@link #topics(String...)}).
     *
     * @param pattern the expression, or null
     * @return this builder
     */
    public Builder topicPattern(@Nullable String pattern) {
      this.topicPattern = pattern;
      return this;
    }

    /**
     * Where dispatch writes.
     *
     * @param topic the topic, or null for the only consumed topic
     * @return this builder
     */
    public Builder produceTopic(@Nullable String topic) {
      this.produceTopic = topic;
      return this;
    }

    /**
     * Which records may run at once.
     *
     * @param ordering the ordering
     * @return this builder
     */
    public Builder ordering(KafkaOrdering ordering) {
      this.ordering = ordering;
      return this;
    }

    /**
     * How often watermarks are committed asynchronously.
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder commitInterval(Duration interval) {
      this.commitInterval = interval;
      return this;
    }

    /**
     * The in-flight bound (offsets between the last commit and the fetch position).
     *
     * @param max between 1 and 1,000,000
     * @return this builder
     */
    public Builder maxInFlight(int max) {
      this.maxInFlight = max;
      return this;
    }

    /**
     * Where dead letters go.
     *
     * @param topic the topic, or null for {@code <record topic>.dlt}
     * @return this builder
     */
    public Builder deadLetterTopic(@Nullable String topic) {
      this.deadLetterTopic = topic;
      return this;
    }

    /**
     * The bound of publish acknowledgements, synchronous commits and look-ups.
     *
     * @param timeout at least 1 s
     * @return this builder
     */
    public Builder settleTimeout(Duration timeout) {
      this.settleTimeout = timeout;
      return this;
    }

    /**
     * The longest a fetch waits for a first record.
     *
     * @param wait between 1 ms and 1 s
     * @return this builder
     */
    public Builder fetchWait(Duration wait) {
      this.fetchWait = wait;
      return this;
    }

    /**
     * The client id prefix.
     *
     * @param clientId letters, digits, '.', '_', '-'
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /**
     * Where a group without a committed offset starts.
     *
     * @param reset {@code earliest}, {@code latest} or {@code none}
     * @return this builder
     */
    public Builder autoOffsetReset(String reset) {
      this.autoOffsetReset = reset;
      return this;
    }

    /**
     * The security protocol.
     *
     * @param protocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
     * @return this builder
     */
    public Builder securityProtocol(@Nullable String protocol) {
      this.securityProtocol = protocol;
      return this;
    }

    /**
     * The SASL mechanism.
     *
     * @param mechanism {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
     * @return this builder
     */
    public Builder saslMechanism(@Nullable String mechanism) {
      this.saslMechanism = mechanism;
      return this;
    }

    /**
     * The SASL user.
     *
     * @param user the user
     * @return this builder
     */
    public Builder saslUsername(@Nullable String user) {
      this.saslUsername = user;
      return this;
    }

    /**
     * The SASL password.
     *
     * @param password the password; never shown
     * @return this builder
     */
    public Builder saslPassword(@Nullable String password) {
      this.saslPassword = password;
      return this;
    }

    /**
     * Raw client properties for the consumer and the producer.
     *
     * @param properties names and values
     * @return this builder
     */
    public Builder properties(Map<String, String> properties) {
      this.properties = new LinkedHashMap<>(properties);
      return this;
    }

    /**
     * One raw client property.
     *
     * @param name the property
     * @param value its value
     * @return this builder
     */
    public Builder property(String name, String value) {
      Map<String, String> p = new LinkedHashMap<>(properties);
      p.put(name, value);
      this.properties = p;
      return this;
    }

    /**
     * Builds and checks the settings.
     *
     * @return the settings
     * @throws ConfigurationException naming the first wrong key
     */
    public KafkaSettings build() {
      return new KafkaSettings(
          bootstrapServers,
          group,
          topics,
          topicPattern,
          produceTopic,
          ordering,
          commitInterval,
          maxInFlight,
          deadLetterTopic,
          settleTimeout,
          fetchWait,
          clientId,
          autoOffsetReset,
          securityProtocol,
          saslMechanism,
          saslUsername,
          saslPassword,
          properties);
    }
  }
}
