package dev.ergon.connector.rabbitmq;

import dev.ergon.ConfigurationException;
import dev.ergon.connector.SettingChecks;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * How to reach a RabbitMQ broker: address and credentials (or one {@code amqp://} / {@code
 * amqps://} URI, which takes precedence), TLS, heartbeat, and the timeouts that bound every
 * blocking step.
 *
 * <pre>{@code
 * RabbitMqClientConfig client = RabbitMqClientConfig.builder()
 *     .host("rabbit.internal").username("orders").password(secret)
 *     .tls(true)                          // default SSLContext, hostname verification on
 *     .heartbeat(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>{@link #toString()} masks the password and the URI's user info. Immutable and thread-safe.
 *
 * @param uri an {@code amqp://} or {@code amqps://} URI; when set, host, port, virtual host and
 *     credentials come from it
 * @param host the broker host (default {@code localhost})
 * @param port the broker port (default 5672)
 * @param virtualHost the virtual host (default {@code /})
 * @param username the user (default {@code guest})
 * @param password the password (default {@code guest})
 * @param tls whether to connect with TLS (default false; an {@code amqps} URI implies it)
 * @param sslContext the TLS context, or null for {@link SSLContext#getDefault()}
 * @param heartbeat the AMQP heartbeat that detects half-open sockets (default 60 s)
 * @param connectTimeout bounds the TCP connect and the handshake of each attempt (default 30 s)
 * @param channelRpcTimeout bounds each channel call that waits for the broker (default 15 s)
 * @param ackTimeout bounds each acknowledge and reject (default 30 s)
 * @param recoveryInterval the least time between two reconnect attempts (default 5 s)
 * @param maxRecoveryTime after the connection has been down this long, health reports it as stalled
 *     so that a supervisor can restart the worker (default 5 min); attempts go on
 * @param connectionName the connection's name as the broker shows it, and the connector's name in
 *     messages (default {@code ergon})
 */
public record RabbitMqClientConfig(
    @Nullable String uri,
    String host,
    int port,
    String virtualHost,
    String username,
    String password,
    boolean tls,
    @Nullable SSLContext sslContext,
    Duration heartbeat,
    Duration connectTimeout,
    Duration channelRpcTimeout,
    Duration ackTimeout,
    Duration recoveryInterval,
    Duration maxRecoveryTime,
    String connectionName) {

  /** Default heartbeat: 60 s (the original's 600 s hid half-open sockets for minutes). */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(60);

  /** Default bound of each acknowledge or reject: 30 s. */
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

  /** Default bound of each connect attempt: 30 s. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Default bound of each channel call: 15 s. */
  public static final Duration DEFAULT_CHANNEL_RPC_TIMEOUT = Duration.ofSeconds(15);

  /** Default least time between reconnect attempts: 5 s. */
  public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(5);

  /** Default time after which a connection that stays down is reported stalled: 5 min. */
  public static final Duration DEFAULT_MAX_RECOVERY_TIME = Duration.ofMinutes(5);

  /** Checks every field; the message names the field and the value. */
  public RabbitMqClientConfig {
    if (uri != null) {
      String scheme = URI.create(SettingChecks.nonBlank("uri", uri)).getScheme();
      if (!"amqp".equals(scheme) && !"amqps".equals(scheme)) {
        throw new ConfigurationException("uri", mask(uri), "an amqp:// or amqps:// URI");
      }
    }
    SettingChecks.nonBlank("host", host);
    SettingChecks.between("port", port, 1, 65_535);
    SettingChecks.nonBlank("virtual_host", virtualHost);
    SettingChecks.nonBlank("username", username);
    SettingChecks.set("password", password);
    SettingChecks.positive("heartbeat", heartbeat);
    SettingChecks.positive("connect_timeout", connectTimeout);
    SettingChecks.positive("channel_rpc_timeout", channelRpcTimeout);
    SettingChecks.positive("ack_timeout", ackTimeout);
    SettingChecks.positive("recovery_interval", recoveryInterval);
    SettingChecks.positive("max_recovery_time", maxRecoveryTime);
    SettingChecks.nonBlank("connection_name", connectionName);
  }

  /**
   * The defaults: {@code amqp://guest:guest@localhost:5672/}.
   *
   * @return the local default
   */
  public static RabbitMqClientConfig localDefault() {
    return builder().build();
  }

  /**
   * A config for one URI, other settings at their defaults.
   *
   * @param uri an {@code amqp://} or {@code amqps://} URI
   * @return the config
   */
  public static RabbitMqClientConfig ofUri(String uri) {
    return builder().uri(uri).build();
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
   * Where this config points, without secrets, for messages.
   *
   * @return e.g. {@code amqp://guest@localhost:5672/}
   */
  public String address() {
    if (uri != null) {
      return mask(uri);
    }
    return (tls ? "amqps://" : "amqp://") + username + "@" + host + ":" + port + "/" + virtualHost;
  }

  /**
   * Whether TLS is on, by flag or by an {@code amqps} URI.
   *
   * @return true when the connection uses TLS
   */
  public boolean usesTls() {
    return tls || (uri != null && uri.startsWith("amqps:"));
  }

  private static String mask(String uri) {
    return uri.replaceFirst("//([^:@/]*):[^@/]*@", "//$1:****@");
  }

  @Override
  public String toString() {
    return "RabbitMqClientConfig[address="
        + address()
        + ", tls="
        + usesTls()
        + ", heartbeat="
        + heartbeat
        + ", connectTimeout="
        + connectTimeout
        + ", channelRpcTimeout="
        + channelRpcTimeout
        + ", ackTimeout="
        + ackTimeout
        + ", recoveryInterval="
        + recoveryInterval
        + ", maxRecoveryTime="
        + maxRecoveryTime
        + ", connectionName="
        + connectionName
        + "]";
  }

  /** Builds a {@link RabbitMqClientConfig}; setters are named like the fields. Not thread-safe. */
  public static final class Builder {
    private @Nullable String uri;
    private String host = "localhost";
    private int port = 5672;
    private String virtualHost = "/";
    private String username = "guest";
    private String password = "guest";
    private boolean tls;
    private @Nullable SSLContext sslContext;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration channelRpcTimeout = DEFAULT_CHANNEL_RPC_TIMEOUT;
    private Duration ackTimeout = DEFAULT_ACK_TIMEOUT;
    private Duration recoveryInterval = DEFAULT_RECOVERY_INTERVAL;
    private Duration maxRecoveryTime = DEFAULT_MAX_RECOVERY_TIME;
    private String connectionName = "ergon";

    private Builder() {}

    /**
     * Sets the URI, which takes precedence over host, port, virtual host and credentials.
     *
     * @param value an {@code amqp://} or {@code amqps://} URI, or null
     * @return this builder
     */
    public Builder uri(@Nullable String value) {
      uri = value;
      return this;
    }

    /**
     * Sets the host.
     *
     * @param value the host
     * @return this builder
     */
    public Builder host(String value) {
      host = value;
      return this;
    }

    /**
     * Sets the port.
     *
     * @param value the port
     * @return this builder
     */
    public Builder port(int value) {
      port = value;
      return this;
    }

    /**
     * Sets the virtual host.
     *
     * @param value the virtual host
     * @return this builder
     */
    public Builder virtualHost(String value) {
      virtualHost = value;
      return this;
    }

    /**
     * Sets the user name.
     *
     * @param value the user
     * @return this builder
     */
    public Builder username(String value) {
      username = value;
      return this;
    }

    /**
     * Sets the password.
     *
     * @param value the password
     * @return this builder
     */
    public Builder password(String value) {
      password = value;
      return this;
    }

    /**
     * Turns TLS on or off.
     *
     * @param value true for TLS
     * @return this builder
     */
    public Builder tls(boolean value) {
      tls = value;
      return this;
    }

    /**
     * Sets the TLS context (and turns TLS on when not null).
     *
     * @param value the context, or null for the JVM default
     * @return this builder
     */
    public Builder sslContext(@Nullable SSLContext value) {
      sslContext = value;
      tls = tls || value != null;
      return this;
    }

    /**
     * Sets the heartbeat.
     *
     * @param value the heartbeat, at least one second
     * @return this builder
     */
    public Builder heartbeat(Duration value) {
      heartbeat = value;
      return this;
    }

    /**
     * Sets the bound of each connect attempt.
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration value) {
      connectTimeout = value;
      return this;
    }

    /**
     * Sets the bound of each channel call.
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder channelRpcTimeout(Duration value) {
      channelRpcTimeout = value;
      return this;
    }

    /**
     * Sets the bound of each acknowledge and reject.
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder ackTimeout(Duration value) {
      ackTimeout = value;
      return this;
    }

    /**
     * Sets the least time between reconnect attempts.
     *
     * @param value the interval
     * @return this builder
     */
    public Builder recoveryInterval(Duration value) {
      recoveryInterval = value;
      return this;
    }

    /**
     * Sets how long the connection may stay down before health reports it stalled.
     *
     * @param value the bound
     * @return this builder
     */
    public Builder maxRecoveryTime(Duration value) {
      maxRecoveryTime = value;
      return this;
    }

    /**
     * Sets the connection name.
     *
     * @param value the name
     * @return this builder
     */
    public Builder connectionName(String value) {
      connectionName = value;
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     * @throws ConfigurationException naming the first invalid field
     */
    public RabbitMqClientConfig build() {
      return new RabbitMqClientConfig(
          uri,
          host,
          port,
          virtualHost,
          username,
          password,
          tls,
          sslContext,
          heartbeat,
          connectTimeout,
          channelRpcTimeout,
          ackTimeout,
          recoveryInterval,
          maxRecoveryTime,
          connectionName);
    }
  }
}
