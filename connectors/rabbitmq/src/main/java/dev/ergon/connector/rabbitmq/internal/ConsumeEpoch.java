package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.Channel;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One life of the consume channel: the channel, its consumers and the buffer they feed. When the
 * channel dies (connection lost, broker cancel, ack timeout) the epoch ends; its buffered and
 * unsettled deliveries are then redelivered by the broker and must not be settled here. A new
 * channel starts a new epoch with a new buffer. Thread-safe.
 */
public final class ConsumeEpoch {
  private final long id;
  private final Channel channel;
  private final int prefetchPerConsumer;
  private final BlockingQueue<Delivery> buffer;
  private final AtomicBoolean live = new AtomicBoolean(true);
  private volatile List<String> consumerTags = List.of();

  ConsumeEpoch(long id, Channel channel, int prefetchPerConsumer, int consumers) {
    this.id = id;
    this.channel = channel;
    this.prefetchPerConsumer = prefetchPerConsumer;
    this.buffer = new LinkedBlockingQueue<>(prefetchPerConsumer * consumers);
  }

  /**
   * The epoch number (1 for the first channel).
   *
   * @return the number
   */
  public long id() {
    return id;
  }

  /**
   * The consume channel.
   *
   * @return the channel
   */
  public Channel channel() {
    return channel;
  }

  /**
   * Whether deliveries of this epoch may still be settled: not ended and the channel open.
   *
   * @return true when live
   */
  public boolean isLive() {
    return live.get() && channel.isOpen();
  }

  /**
   * Ends the epoch and discards its buffer.
   *
   * @return true when this call ended it
   */
  boolean end() {
    boolean ended = live.compareAndSet(true, false);
    buffer.clear();
    return ended;
  }

  BlockingQueue<Delivery> buffer() {
    return buffer;
  }

  int prefetchPerConsumer() {
    return prefetchPerConsumer;
  }

  List<String> consumerTags() {
    return consumerTags;
  }

  void consumerTags(List<String> tags) {
    consumerTags = List.copyOf(tags);
  }
}
