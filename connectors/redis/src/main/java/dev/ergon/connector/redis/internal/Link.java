package dev.ergon.connector.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce client with its connections: the client reconnects by itself, and commands issued
 * while it is disconnected fail at once (instead of queueing), so that a settlement during an
 * outage is reported as a lost connection. Error texts are scrubbed of the password.
 */
public final class Link implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Link.class);

  /** The longest wait between two reconnection attempts. */
  static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

  private final ClientResources resources;
  private final RedisClient client;
  private final RedisURI redisUri;
  private final @Nullable String secret;
  private final String describe;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Creates the client (no connection yet).
   *
   * @param uri the {@code redis://} URI, maybe with a password
   * @param password a password overriding the URI's, or null
   * @param clientName the client name
   * @param commandTimeout the bound of each command
   * @param describe what to call this link in messages
   */
  public Link(
      String uri,
      @Nullable String password,
      String clientName,
      Duration commandTimeout,
      String describe) {
    this.describe = describe;
    RedisURI parsed;
    try {
      parsed = RedisURI.create(uri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          describe + ": uri is not a valid Redis URI: " + scrub(e.getMessage(), passwordOf(uri)));
    }
    RedisURI.Builder b = RedisURI.builder(parsed).withClientName(clientName);
    b.withTimeout(commandTimeout);
    if (password != null) {
      b.withPassword(password.toCharArray());
    }
    this.redisUri = b.build();
    this.secret = password != null ? password : passwordOf(uri);
    // Own, small resources: two I/O threads, and reconnection attempts at most 2 s apart (the
    // default backs off to 30 s, which would keep a worker idle long after an outage).
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, redisUri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(commandTimeout).build())
            .timeoutOptions(TimeoutOptions.builder().fixedTimeout(commandTimeout).build())
            .build());
  }

  private static @Nullable String passwordOf(String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme < 0 || at <= scheme) {
      return null;
    }
    String info = uri.substring(scheme + 3, at);
    int colon = info.indexOf(':');
    String p = colon >= 0 ? info.substring(colon + 1) : info;
    return p.isEmpty() ? null : p;
  }

  /**
   * Opens a new connection (strings for keys and values).
   *
   * @return the connection
   * @throws io.lettuce.core.RedisException when it cannot connect (message not scrubbed: use {@link
   *     #scrub(Throwable)})
   */
  public StatefulRedisConnection<String, String> connect() {
    return client.connect(StringCodec.UTF8, redisUri);
  }

  /**
   * An error's message (and its causes'), with the password replaced by {@code ***}.
   *
   * @param e the error
   * @return the scrubbed text
   */
  public String scrub(Throwable e) {
    StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable c = e.getCause();
    for (int depth = 0; c != null && depth < 3; depth++, c = c.getCause()) {
      b.append(": ").append(c.getMessage());
    }
    return scrub(b.toString(), secret);
  }

  private static String scrub(@Nullable String text, @Nullable String secret) {
    String t = String.valueOf(text);
    return secret == null || secret.isEmpty() ? t : t.replace(secret, "***");
  }

  /** Shuts the client down (its connections and threads). Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    } catch (RuntimeException e) {
      LOG.debug("{}: client shutdown: {}", describe, scrub(e));
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
