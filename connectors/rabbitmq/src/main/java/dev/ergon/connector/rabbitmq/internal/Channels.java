package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing channels without letting a dead one throw. */
final class Channels {
  private static final Logger LOG = LoggerFactory.getLogger(Channels.class);

  private Channels() {}

  /** Closes {@code ch} when open; errors are logged at DEBUG (the channel is gone either way). */
  static void closeQuietly(Channel ch) {
    if (!ch.isOpen()) {
      return;
    }
    try {
      ch.close();
    } catch (IOException | TimeoutException | RuntimeException e) {
      LOG.debug("channel {} did not close cleanly: {}", ch.getChannelNumber(), Errors.describe(e));
      abortQuietly(ch);
    }
  }

  /** Aborts {@code ch} without waiting for the broker. */
  static void abortQuietly(Channel ch) {
    try {
      ch.abort();
    } catch (IOException | RuntimeException e) {
      LOG.debug("channel {} did not abort cleanly: {}", ch.getChannelNumber(), Errors.describe(e));
    }
  }
}
