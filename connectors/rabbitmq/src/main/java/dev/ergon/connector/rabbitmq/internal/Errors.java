package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import org.jspecify.annotations.Nullable;

/** Turns the client's errors into short, readable reasons. */
public final class Errors {
  private Errors() {}

  /**
   * The broker's reply text when {@code e} (or a cause) is a shutdown signal, otherwise the first
   * non-empty message in the cause chain, otherwise the type name.
   *
   * @param e the error
   * @return e.g. {@code NOT_FOUND - no queue 'x' in vhost '/'}
   */
  public static String describe(Throwable e) {
    ShutdownSignalException signal = shutdownSignal(e);
    if (signal != null) {
      Method reason = signal.getReason();
      if (reason instanceof AMQP.Channel.Close close) {
        return close.getReplyText();
      }
      if (reason instanceof AMQP.Connection.Close close) {
        return close.getReplyText();
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return e.getClass().getName();
  }

  /**
   * The shutdown signal in the cause chain of {@code e}, if any.
   *
   * @param e the error
   * @return the signal, or null
   */
  public static @Nullable ShutdownSignalException shutdownSignal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s) {
        return s;
      }
    }
    return null;
  }
}
