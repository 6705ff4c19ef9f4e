package dev.ergon.connector.nats.internal;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to NATS with endless reconnects (the client's), a record of when it went down and
 * how often it came back, and a scrubber that keeps secrets out of messages.
 */
public final class Link implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Link.class);

  private final Connection connection;
  private final String describe;
  private final List<String> secrets;
  private final AtomicInteger reconnects = new AtomicInteger();
  private volatile @Nullable Instant downSince;

  /**
   * Connects.
   *
   * @param urls the servers
   * @param connectionName the connection name
   * @param user the user, or null
   * @param password the password, or null
   * @param token the token, or null
   * @param credentialsFile a {@code .creds} file, or null
   * @param timeout the connect and request timeout
   * @param describe how logs and errors name the connector
   * @throws IOException when no server can be reached or authentication fails (message scrubbed)
   * @throws InterruptedException when interrupted
   */
  public Link(
      List<String> urls,
      String connectionName,
      @Nullable String user,
      @Nullable String password,
      @Nullable String token,
      @Nullable String credentialsFile,
      Duration timeout,
      String describe)
      throws IOException, InterruptedException {
    this.describe = describe;
    this.secrets =
        java.util.stream.Stream.of(password, token)
            .filter(s -> s != null && !s.isEmpty())
            .map(String::valueOf)
            .toList();
    Options.Builder b =
        Options.builder()
            .servers(urls.toArray(String[]::new))
            .connectionName(connectionName)
            .connectionTimeout(timeout)
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            .connectionListener(this::onEvent)
            .errorListener(
                new ErrorListener() {
                  @Override
                  public void errorOccurred(Connection conn, String error) {
                    LOG.warn("{}: server error: {}", Link.this.describe, scrub(error));
                  }

                  @Override
                  public void exceptionOccurred(Connection conn, Exception exp) {
                    LOG.debug(
                        "{}: client exception: {}", Link.this.describe, scrub(exp.toString()));
                  }
                });
    if (user != null && password != null) {
      b.userInfo(user, password);
    }
    if (token != null) {
      b.token(token.toCharArray());
    }
    if (credentialsFile != null) {
      b.authHandler(Nats.credentials(credentialsFile));
    }
    try {
      this.connection = Nats.connect(b.build());
    } catch (IOException | RuntimeException e) {
      throw new IOException(scrub(String.valueOf(e.getMessage())));
    }
  }

  private void onEvent(Connection conn, ConnectionListener.Events event) {
    switch (event) {
      case DISCONNECTED -> {
        downSince = Instant.now();
        LOG.warn("{}: disconnected; the client reconnects", describe);
      }
      case RECONNECTED -> {
        downSince = null;
        reconnects.incrementAndGet();
        LOG.info("{}: reconnected to {}", describe, conn.getConnectedUrl());
      }
      default -> {}
    }
  }

  /**
   * The connection.
   *
   * @return it
   */
  public Connection connection() {
    return connection;
  }

  /**
   * JetStream options bounded by {@code timeout}.
   *
   * @param timeout the request timeout
   * @return the options
   */
  public static JetStreamOptions jetStreamOptions(Duration timeout) {
    return JetStreamOptions.builder().requestTimeout(timeout).build();
  }

  /**
   * Whether the connection is up.
   *
   * @return true when connected
   */
  public boolean connected() {
    return connection.getStatus() == Connection.Status.CONNECTED;
  }

  /**
   * The connection status.
   *
   * @return its name in lower case
   */
  public String status() {
    return connection.getStatus().name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * When the connection went down, while it is down.
   *
   * @return the instant, or null when connected
   */
  public @Nullable Instant downSince() {
    return downSince;
  }

  /**
   * How often the connection came back.
   *
   * @return the count
   */
  public int reconnects() {
    return reconnects.get();
  }

  /**
   * A text with every secret replaced by {@code ***}.
   *
   * @param text any text
   * @return the scrubbed text
   */
  public String scrub(String text) {
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, "***");
    }
    return out.replaceAll("(?i)((?:nats|tls|ws|wss)://)[^@/\\s]+@", "$1***@");
  }

  /** Closes the connection. */
  @Override
  public void close() {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
