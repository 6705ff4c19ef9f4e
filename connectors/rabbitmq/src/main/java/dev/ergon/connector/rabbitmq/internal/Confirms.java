package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * The publisher confirms of one channel in confirm mode: each publish registers under its sequence
 * number, and the broker's ack (single or {@code multiple}), nack, return (a mandatory message no
 * queue took, which the broker sends before that message's ack) or the channel's shutdown settles
 * it. Many dispatches can wait on the same channel at once, so their confirms arrive together
 * instead of one round trip after another. Publishing must be serialised by the caller; the
 * listeners run on the connection's thread.
 */
final class Confirms {
  private final Channel channel;
  private final ConcurrentNavigableMap<Long, Pending> outstanding = new ConcurrentSkipListMap<>();

  /** A published message waiting for the broker's verdict. */
  static final class Pending {
    final String messageId;
    final CompletableFuture<@Nullable Void> settled = new CompletableFuture<>();
    volatile boolean returned;

    Pending(String messageId) {
      this.messageId = messageId;
    }
  }

  /** The broker nacked a message, or returned it as unroutable. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean unroutable;

    Refused(String message, boolean unroutable) {
      super(message, null, false, false);
      this.unroutable = unroutable;
    }
  }

  /**
   * Tracks the confirms of {@code channel}, which must already be in confirm mode.
   *
   * @param channel the channel
   */
  Confirms(Channel channel) {
    this.channel = channel;
    channel.addConfirmListener(
        (seq, multiple) -> settle(seq, multiple, null),
        (seq, multiple) -> settle(seq, multiple, ""));
    channel.addReturnListener(r -> returned(r.getProperties()));
    channel.addShutdownListener(this::shutdown);
  }

  Channel channel() {
    return channel;
  }

  /**
   * Publishes one message and returns what will settle it. Callers serialise calls.
   *
   * @throws IOException when the channel cannot send it
   */
  Pending publish(
      String exchange,
      String routingKey,
      boolean mandatory,
      AMQP.BasicProperties props,
      byte[] body)
      throws IOException {
    long seq = channel.getNextPublishSeqNo();
    Pending p = new Pending(String.valueOf(props.getMessageId()));
    outstanding.put(seq, p);
    try {
      channel.basicPublish(exchange, routingKey, mandatory, props, body);
    } catch (IOException | RuntimeException e) {
      outstanding.remove(seq);
      throw e;
    }
    return p;
  }

  /** Forgets a message whose dispatch stopped waiting (timed out). */
  void abandon(Pending p) {
    outstanding.values().remove(p);
  }

  private void settle(long seq, boolean multiple, @Nullable String nack) {
    Map<Long, Pending> done =
        multiple ? outstanding.headMap(seq, true) : outstanding.subMap(seq, true, seq, true);
    for (Pending p : done.values()) {
      if (nack != null) {
        p.settled.completeExceptionally(new Refused("nacked by the broker", false));
      } else if (p.returned) {
        p.settled.completeExceptionally(new Refused("reached no queue", true));
      } else {
        p.settled.complete(null);
      }
    }
    done.clear();
  }

  private void returned(AMQP.BasicProperties props) {
    String id = String.valueOf(props.getMessageId());
    for (Pending p : outstanding.values()) {
      if (!p.returned && p.messageId.equals(id)) {
        p.returned = true; // its ack follows the return on this channel
        return;
      }
    }
  }

  private void shutdown(ShutdownSignalException cause) {
    for (Pending p : outstanding.values()) {
      p.settled.completeExceptionally(cause);
    }
    outstanding.clear();
  }
}
