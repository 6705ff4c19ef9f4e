package dev.ergon.connector.nats;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import dev.ergon.connector.nats.internal.Subjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link NatsConnector}: where the servers are, the stream and filter subject, the
 * durable pull consumer and its timers, dead-lettering and credentials.
 *
 * <pre>{@code
 * NatsSettings settings = NatsSettings.builder()
 *     .url("nats://127.0.0.1:4222")
 *     .stream("ORDERS").subject("orders.new").durable("order-workers")
 *     .ackWait(Duration.ofSeconds(30))     // in-progress acks every 10 s while a transaction runs
 *     .maxDeliver(5)                       // the 6th delivery is dead-lettered
 *     .createStream(true)
 *     .build();
 * }</pre>
 *
 * <p>{@link #fromMap(Map)} reads the same settings from {@code ergon.yaml}-style strings (keys in
 * snake case, see {@link #KEYS}); unknown keys are refused naming them. {@link #toString()} never
 * shows the token or the password. Immutable and thread-safe.
 *
 * @param urls the servers, {@code nats://host:port} (or {@code tls://}); tried in turn
 * @param stream the JetStream stream the consumer reads
 * @param subject the filter subject of the consumer (may contain wildcards)
 * @param durable the durable consumer's name, shared by every worker of the same pipeline
 * @param publishSubject where {@code dispatchTransactions} publishes; null means {@code subject},
 *     which must then be free of wildcards
 * @param deadLetterSubject where rejected and undecodable messages go; null means {@code
 *     <subject>.dead}, which needs a subject free of wildcards
 * @param createStream create the stream (file storage, subjects {@code subject} and the dead-letter
 *     subject) when it does not exist; default false
 * @param deduplicate also publish the transaction id as {@code Nats-Msg-Id}, so that the server
 *     drops a second publish of the same id within the stream's duplicate window (default false: a
 *     transaction id dispatched again, for example by a new run, is stored again)
 * @param ackWait how long the server waits for an acknowledgement before it redelivers (consumer
 *     {@code ack_wait}); default 30 s
 * @param inProgressInterval how often an in-flight transaction's message is told "still working"
 *     ({@code +WPI}); null means a third of {@code ackWait}; must be shorter than {@code ackWait}
 * @param maxInProgress the longest a transaction is kept alive with in-progress acks; after it, the
 *     server redelivers it once {@code ackWait} passes; null means no bound
 * @param maxDeliver how many times a message is delivered for processing; the next delivery is
 *     dead-lettered by the connector; null means no limit
 * @param maxAckPending the consumer's {@code max_ack_pending} (unsettled messages over all
 *     workers); null means the engine's concurrency
 * @param nakDelay how long a requeued ({@code reject(tx, true)}) message waits before it is
 *     delivered again; default 1 s, zero for at once
 * @param fetchWait the longest a fetch waits for a first message; between 1 ms and 1 s, default 500
 *     ms
 * @param settleTimeout the bound of each acknowledgement, publish acknowledgement and management
 *     call; default 5 s
 * @param connectionName the client connection name shown by the server; default {@code ergon-nats}
 * @param user the user name, or null
 * @param password the password (with {@code user}), or null; never shown
 * @param token an authentication token, or null; never shown
 * @param credentialsFile a {@code .creds} file (JWT and NKey seed), or null
 */
public record NatsSettings(
    List<String> urls,
    String stream,
    String subject,
    String durable,
    @Nullable String publishSubject,
    @Nullable String deadLetterSubject,
    boolean createStream,
    boolean deduplicate,
    Duration ackWait,
    @Nullable Duration inProgressInterval,
    @Nullable Duration maxInProgress,
    @Nullable Integer maxDeliver,
    @Nullable Integer maxAckPending,
    Duration nakDelay,
    Duration fetchWait,
    Duration settleTimeout,
    String connectionName,
    @Nullable String user,
    @Nullable String password,
    @Nullable String token,
    @Nullable String credentialsFile) {

  /** The default server: {@code nats://127.0.0.1:4222}. */
  public static final String DEFAULT_URL = "nats://127.0.0.1:4222";

  /** The default ack wait: 30 s. */
  public static final Duration DEFAULT_ACK_WAIT = Duration.ofSeconds(30);

  /** The default nak delay for a requeue: 1 s. */
  public static final Duration DEFAULT_NAK_DELAY = Duration.ofSeconds(1);

  /** The default fetch wait: 500 ms. */
  public static final Duration DEFAULT_FETCH_WAIT = Duration.ofMillis(500);

  /** The default settle timeout: 5 s. */
  public static final Duration DEFAULT_SETTLE_TIMEOUT = Duration.ofSeconds(5);

  /** Max ack pending when none is configured and no engine told its concurrency: 64. */
  public static final int DEFAULT_MAX_ACK_PENDING = 64;

  /** The keys {@link #fromMap(Map)} accepts. */
  public static final Set<String> KEYS =
      Set.of(
          "url",
          "urls",
          "stream",
          "subject",
          "durable",
          "publish_subject",
          "dead_letter_subject",
          "create_stream",
          "deduplicate",
          "ack_wait",
          "in_progress_interval",
          "max_in_progress",
          "max_deliver",
          "max_ack_pending",
          "nak_delay",
          "fetch_wait",
          "settle_timeout",
          "connection_name",
          "user",
          "password",
          "token",
          "credentials_file");

  /** Checks every field; messages name the key and the value (never a secret). */
  public NatsSettings {
    urls = SettingChecks.list("urls", urls);
    if (urls.isEmpty()) {
      throw new ConfigurationException("urls", "[]", "at least one server URL");
    }
    for (String u : urls) {
      if (!u.matches("(?i)(nats|tls|ws|wss)://[^\\s]+")) {
        throw new ConfigurationException(
            "urls", "'" + masked(u) + "'", "a nats://, tls://, ws:// or wss:// URL");
      }
    }
    stream = name("stream", stream);
    durable = name("durable", durable);
    subject = SettingChecks.nonBlank("subject", subject);
    Subjects.requireValid("subject", subject, true);
    if (publishSubject != null) {
      Subjects.requireValid("publish_subject", publishSubject, false);
    } else if (Subjects.hasWildcard(subject)) {
      throw new ConfigurationException(
          "publish_subject", null, "set when subject has wildcards ('" + subject + "')");
    }
    if (deadLetterSubject != null) {
      Subjects.requireValid("dead_letter_subject", deadLetterSubject, false);
    } else if (Subjects.hasWildcard(subject)) {
      throw new ConfigurationException(
          "dead_letter_subject", null, "set when subject has wildcards ('" + subject + "')");
    }
    String dead = deadLetterSubject != null ? deadLetterSubject : subject + ".dead";
    if (Subjects.matches(subject, dead)) {
      throw new ConfigurationException(
          "dead_letter_subject",
          "'" + dead + "'",
          "outside the consumer's subject '"
              + subject
              + "' (dead letters would be consumed again)");
    }
    SettingChecks.positive("ack_wait", ackWait);
    if (inProgressInterval != null) {
      SettingChecks.positive("in_progress_interval", inProgressInterval);
      if (inProgressInterval.compareTo(ackWait) >= 0) {
        throw new ConfigurationException(
            "in_progress_interval", inProgressInterval, "shorter than ack_wait (" + ackWait + ")");
      }
    }
    if (maxInProgress != null) {
      SettingChecks.positive("max_in_progress", maxInProgress);
    }
    if (maxDeliver != null) {
      SettingChecks.between("max_deliver", maxDeliver, 1, 1_000_000);
    }
    if (maxAckPending != null) {
      SettingChecks.between("max_ack_pending", maxAckPending, 1, 1_000_000);
    }
    if (nakDelay == null || nakDelay.isNegative()) {
      throw new ConfigurationException("nak_delay", nakDelay, ">= 0");
    }
    if (fetchWait == null
        || fetchWait.compareTo(Duration.ofMillis(1)) < 0
        || fetchWait.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new ConfigurationException("fetch_wait", fetchWait, "between 1 ms and 1 s");
    }
    SettingChecks.positive("settle_timeout", settleTimeout);
    connectionName = SettingChecks.nonBlank("connection_name", connectionName);
    if (password != null && user == null) {
      throw new ConfigurationException("user", null, "set when password is set");
    }
    if (user != null && password == null) {
      throw new ConfigurationException("password", null, "set when user is set");
    }
    int schemes = (user != null ? 1 : 0) + (token != null ? 1 : 0);
    if (schemes > 1) {
      throw new ConfigurationException(
          "token", "(hidden)", "unset when user and password are set (use one of them)");
    }
    if (credentialsFile != null) {
      SettingChecks.nonBlank("credentials_file", credentialsFile);
    }
  }

  private static String name(String key, @Nullable String value) {
    SettingChecks.nonBlank(key, value);
    if (!value.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigurationException(
          key, "'" + value + "'", "made of letters, digits, '_' and '-'");
    }
    return value;
  }

  /**
   * A builder with the defaults; {@code stream}, {@code subject} and {@code durable} must be set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads settings from strings, as in an {@code ergon.yaml} connector section. Durations are
   * ISO-8601 ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s}, {@code 2m});
   * {@code urls} is comma-separated.
   *
   * @param settings the keys of {@link #KEYS} and their values
   * @return the settings
   * @throws ConfigurationException for an unknown key (named), or a value that is wrong (the key
   *     and value are named, a secret is not)
   */
  public static NatsSettings fromMap(Map<String, String> settings) {
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new ConfigurationException(
          "unknown NATS connector setting(s) "
              + unknown
              + "; known settings are "
              + new TreeSet<>(KEYS));
    }
    Builder b = builder();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String k = e.getKey();
      String v = e.getValue() == null ? "" : e.getValue().trim();
      switch (k) {
        case "url", "urls" ->
            b.urls(
                Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        case "stream" -> b.stream(v);
        case "subject" -> b.subject(v);
        case "durable" -> b.durable(v);
        case "publish_subject" -> b.publishSubject(v);
        case "dead_letter_subject" -> b.deadLetterSubject(v);
        case "create_stream" -> b.createStream(SettingChecks.bool(k, v));
        case "deduplicate" -> b.deduplicate(SettingChecks.bool(k, v));
        case "ack_wait" -> b.ackWait(SettingChecks.duration(k, v));
        case "in_progress_interval" -> b.inProgressInterval(SettingChecks.duration(k, v));
        case "max_in_progress" -> b.maxInProgress(SettingChecks.duration(k, v));
        case "max_deliver" -> b.maxDeliver(SettingChecks.integer(k, v));
        case "max_ack_pending" -> b.maxAckPending(SettingChecks.integer(k, v));
        case "nak_delay" -> b.nakDelay(SettingChecks.duration(k, v));
        case "fetch_wait" -> b.fetchWait(SettingChecks.duration(k, v));
        case "settle_timeout" -> b.settleTimeout(SettingChecks.duration(k, v));
        case "connection_name" -> b.connectionName(v);
        case "user" -> b.user(v);
        case "password" -> b.password(v);
        case "token" -> b.token(v);
        case "credentials_file" -> b.credentialsFile(v);
        default -> throw new IllegalStateException("unreachable: " + k);
      }
    }
    return b.build();
  }

  /**
   * The subject {@code dispatchTransactions} publishes to.
   *
   * @return {@code publishSubject}, or {@code subject}
   */
  public String effectivePublishSubject() {
    return publishSubject != null ? publishSubject : subject;
  }

  /**
   * The dead-letter subject.
   *
   * @return {@code deadLetterSubject}, or {@code <subject>.dead}
   */
  public String effectiveDeadLetterSubject() {
    return deadLetterSubject != null ? deadLetterSubject : subject + ".dead";
  }

  /**
   * The in-progress interval.
   *
   * @return {@code inProgressInterval}, or a third of {@code ackWait}
   */
  public Duration effectiveInProgressInterval() {
    return inProgressInterval != null ? inProgressInterval : ackWait.dividedBy(3);
  }

  /**
   * The configured max ack pending.
   *
   * @return it, or empty when it follows the engine's concurrency
   */
  public OptionalInt configuredMaxAckPending() {
    return maxAckPending == null ? OptionalInt.empty() : OptionalInt.of(maxAckPending);
  }

  /** The settings with the password and the token replaced by {@code ***}. */
  @Override
  public String toString() {
    return "NatsSettings[urls="
        + urls.stream().map(NatsSettings::masked).toList()
        + ", stream="
        + stream
        + ", subject="
        + subject
        + ", durable="
        + durable
        + ", publishSubject="
        + effectivePublishSubject()
        + ", deadLetterSubject="
        + effectiveDeadLetterSubject()
        + ", createStream="
        + createStream
        + ", deduplicate="
        + deduplicate
        + ", ackWait="
        + ackWait
        + ", inProgressInterval="
        + effectiveInProgressInterval()
        + ", maxInProgress="
        + maxInProgress
        + ", maxDeliver="
        + maxDeliver
        + ", maxAckPending="
        + maxAckPending
        + ", nakDelay="
        + nakDelay
        + ", fetchWait="
        + fetchWait
        + ", settleTimeout="
        + settleTimeout
        + ", connectionName="
        + connectionName
        + ", user="
        + user
        + ", password="
        + (password == null ? null : "***")
        + ", token="
        + (token == null ? null : "***")
        + ", credentialsFile="
        + credentialsFile
        + "]";
  }

  /**
   * A URL with its user info (credentials) replaced by {@code ***}.
   *
   * @param url the URL
   * @return the masked URL
   */
  static String masked(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme >= 0 && at > scheme) {
      return url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
    }
    return url;
  }

  /** Builds {@link NatsSettings}. Not thread-safe. */
  public static final class Builder {
    private List<String> urls = List.of(DEFAULT_URL);
    private @Nullable String stream;
    private @Nullable String subject;
    private @Nullable String durable;
    private @Nullable String publishSubject;
    private @Nullable String deadLetterSubject;
    private boolean createStream;
    private boolean deduplicate;
    private Duration ackWait = DEFAULT_ACK_WAIT;
    private @Nullable Duration inProgressInterval;
    private @Nullable Duration maxInProgress;
    private @Nullable Integer maxDeliver;
    private @Nullable Integer maxAckPending;
    private Duration nakDelay = DEFAULT_NAK_DELAY;
    private Duration fetchWait = DEFAULT_FETCH_WAIT;
    private Duration settleTimeout = DEFAULT_SETTLE_TIMEOUT;
    private String connectionName = "ergon-nats";
    private @Nullable String user;
    private @Nullable String password;
    private @Nullable String token;
    private @Nullable String credentialsFile;

    private Builder() {}

    /**
     * One server.
     *
     * @param url {@code nats://host:port}
     * @return this builder
     */
    public Builder url(String url) {
      this.urls = List.of(url);
      return this;
    }

    /**
     * Several servers, tried in turn.
     *
     * @param urls the URLs
     * @return this builder
     */
    public Builder urls(List<String> urls) {
      this.urls = new ArrayList<>(urls);
      return this;
    }

    /**
     * The stream.
     *
     * @param stream its name
     * @return this builder
     */
    public Builder stream(String stream) {
      this.stream = stream;
      return this;
    }

    /**
     * The consumer's filter subject.
     *
     * @param subject the subject, wildcards allowed
     * @return this builder
     */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * The durable consumer's name.
     *
     * @param durable the name
     * @return this builder
     */
    public Builder durable(String durable) {
      this.durable = durable;
      return this;
    }

    /**
     * Where dispatch publishes.
     *
     * @param subject a subject without wildcards
     * @return this builder
     */
    public Builder publishSubject(@Nullable String subject) {
      this.publishSubject = subject;
      return this;
    }

    /**
     * Where dead letters go.
     *
     * @param subject a subject without wildcards, outside the filter subject
     * @return this builder
     */
    public Builder deadLetterSubject(@Nullable String subject) {
      this.deadLetterSubject = subject;
      return this;
    }

    /**
     * Whether to create the stream when it is missing.
     *
     * @param create true to create it
     * @return this builder
     */
    public Builder createStream(boolean create) {
      this.createStream = create;
      return this;
    }

    /**
     * Whether dispatch sets {@code Nats-Msg-Id} (server-side deduplication).
     *
     * @param deduplicate true to let the server drop repeated ids within its duplicate window
     * @return this builder
     */
    public Builder deduplicate(boolean deduplicate) {
      this.deduplicate = deduplicate;
      return this;
    }

    /**
     * The consumer's ack wait.
     *
     * @param ackWait the duration
     * @return this builder
     */
    public Builder ackWait(Duration ackWait) {
      this.ackWait = ackWait;
      return this;
    }

    /**
     * The in-progress ack interval.
     *
     * @param interval shorter than the ack wait, or null for a third of it
     * @return this builder
     */
    public Builder inProgressInterval(@Nullable Duration interval) {
      this.inProgressInterval = interval;
      return this;
    }

    /**
     * The longest a transaction is kept alive with in-progress acks.
     *
     * @param max the bound, or null for none
     * @return this builder
     */
    public Builder maxInProgress(@Nullable Duration max) {
      this.maxInProgress = max;
      return this;
    }

    /**
     * How many deliveries a message gets for processing.
     *
     * @param maxDeliver at least 1, or null for no limit
     * @return this builder
     */
    public Builder maxDeliver(@Nullable Integer maxDeliver) {
      this.maxDeliver = maxDeliver;
      return this;
    }

    /**
     * The consumer's max ack pending.
     *
     * @param maxAckPending at least 1, or null for the engine's concurrency
     * @return this builder
     */
    public Builder maxAckPending(@Nullable Integer maxAckPending) {
      this.maxAckPending = maxAckPending;
      return this;
    }

    /**
     * The delay of a requeue.
     *
     * @param delay zero or more
     * @return this builder
     */
    public Builder nakDelay(Duration delay) {
      this.nakDelay = delay;
      return this;
    }

    /**
     * The longest a fetch waits.
     *
     * @param wait between 1 ms and 1 s
     * @return this builder
     */
    public Builder fetchWait(Duration wait) {
      this.fetchWait = wait;
      return this;
    }

    /**
     * The bound of acknowledgements, publish acks and management calls.
     *
     * @param timeout the bound
     * @return this builder
     */
    public Builder settleTimeout(Duration timeout) {
      this.settleTimeout = timeout;
      return this;
    }

    /**
     * The connection name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder connectionName(String name) {
      this.connectionName = name;
      return this;
    }

    /**
     * The user name.
     *
     * @param user the user
     * @return this builder
     */
    public Builder user(@Nullable String user) {
      this.user = user;
      return this;
    }

    /**
     * The password.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(@Nullable String password) {
      this.password = password;
      return this;
    }

    /**
     * An authentication token.
     *
     * @param token the token
     * @return this builder
     */
    public Builder token(@Nullable String token) {
      this.token = token;
      return this;
    }

    /**
     * A credentials file.
     *
     * @param path the {@code .creds} file
     * @return this builder
     */
    public Builder credentialsFile(@Nullable String path) {
      this.credentialsFile = path;
      return this;
    }

    /**
     * Builds and checks the settings.
     *
     * @return the settings
     * @throws ConfigurationException naming the first wrong key
     */
    public NatsSettings build() {
      return new NatsSettings(
          urls,
          SettingChecks.set("stream", stream),
          SettingChecks.set("subject", subject),
          SettingChecks.set("durable", durable),
          publishSubject,
          deadLetterSubject,
          createStream,
          deduplicate,
          SettingChecks.set("ack_wait", ackWait),
          inProgressInterval,
          maxInProgress,
          maxDeliver,
          maxAckPending,
          nakDelay,
          fetchWait,
          SettingChecks.set("settle_timeout", settleTimeout),
          connectionName,
          user,
          password,
          token,
          credentialsFile);
    }
  }
}
