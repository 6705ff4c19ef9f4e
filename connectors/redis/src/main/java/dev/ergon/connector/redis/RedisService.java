package dev.ergon.connector.redis;

import dev.ergon.connector.redis.internal.Link;
import dev.ergon.service.Service;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A Redis connection for tasks that use Redis themselves (caches, counters, their own streams): one
 * Lettuce {@link StatefulRedisConnection} of strings, reached with the URI, password, client name
 * and command timeout of {@link RedisSettings} (or given directly). The client reconnects by
 * itself; commands issued while it is disconnected fail at once. The runner closes it when the
 * worker stops. Thread-safe, as Lettuce connections are.
 *
 * <pre>{@code
 * RedisService redis = RedisService.connect("redis://127.0.0.1:6379", null);
 * redis.commands().incr("orders:seen");
 * }</pre>
 */
public final class RedisService implements Service {
  private final Link link;
  private final StatefulRedisConnection<String, String> connection;

  /**
   * Connects with the server settings of a connector's settings (the stream and group settings are
   * not used).
   *
   * @param settings the URI, password, client name and command timeout
   * @throws RedisConnectorException when it cannot connect (the message names the server, never a
   *     password)
   */
  public RedisService(RedisSettings settings) {
    this(settings.uri(), settings.password(), settings.clientName(), settings.commandTimeout());
  }

  private RedisService(
      String uri, @Nullable String password, String clientName, Duration commandTimeout) {
    String describe = "Redis service '" + clientName + "' (" + RedisSettings.masked(uri) + ")";
    try {
      this.link = new Link(uri, password, clientName, commandTimeout, describe);
    } catch (IllegalArgumentException e) {
      throw new RedisConnectorException(e.getMessage(), null);
    }
    try {
      this.connection = link.connect();
    } catch (RedisException e) {
      link.close();
      throw new RedisConnectorException(describe + ": cannot connect: " + link.scrub(e), null);
    }
  }

  /**
   * Connects to a server with the default client name ({@code ergon-redis}) and command timeout (5
   * s).
   *
   * @param uri {@code redis://[[user]:password@]host[:port][/database]} or {@code rediss://}
   * @param password a password overriding the URI's, or null
   * @return the service
   * @throws RedisConnectorException when it cannot connect
   */
  public static RedisService connect(String uri, @Nullable String password) {
    return new RedisService(uri, password, "ergon-redis", RedisSettings.DEFAULT_COMMAND_TIMEOUT);
  }

  /**
   * The connection.
   *
   * @return it
   */
  public StatefulRedisConnection<String, String> connection() {
    return connection;
  }

  /**
   * Blocking commands on the connection.
   *
   * @return the synchronous API
   */
  public RedisCommands<String, String> commands() {
    return connection.sync();
  }

  /**
   * Asynchronous (pipelined) commands on the connection.
   *
   * @return the asynchronous API
   */
  public RedisAsyncCommands<String, String> async() {
    return connection.async();
  }

  /** Closes the connection and the client. Idempotent. */
  @Override
  public void close() {
    link.close();
  }
}
