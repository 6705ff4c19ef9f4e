package dev.ergon.connector.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.ergon.connector.rabbitmq.RabbitMqConsumerConfig;
import dev.ergon.connector.rabbitmq.RabbitMqException;
import dev.ergon.connector.rabbitmq.RabbitMqSubscription;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consume side: one channel with one long-lived manual-ack consumer per queue, registered once
 * per channel (not per fetch), feeding a bounded buffer. When the channel dies its epoch ends and
 * the next {@link #take} opens a new channel, so there is never more than one consumer per queue
 * and no channel is left behind. Thread-safe.
 */
public final class Subscriber implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

  private final Link link;
  private final RabbitMqConsumerConfig config;
  private final IntSupplier prefetch;
  private final AtomicInteger subscriptions = new AtomicInteger();
  private volatile @Nullable ConsumeEpoch current;
  private long epochs;
  private volatile @Nullable Instant lastDelivery;
  private volatile boolean closed;

  /**
   * Creates the consume side; it subscribes on the first {@link #take}.
   *
   * @param link the connection
   * @param config the queues
   * @param prefetch the total prefetch to apply when subscribing
   */
  public Subscriber(Link link, RabbitMqConsumerConfig config, IntSupplier prefetch) {
    this.link = link;
    this.config = config;
    this.prefetch = prefetch;
  }

  /**
   * Waits up to {@code wait} for the first buffered delivery, then takes whatever else is buffered,
   * at most {@code n} in all.
   *
   * @param n the most to take, at least 1
   * @param wait how long to wait for the first
   * @return the deliveries, empty when none arrived or the channel died meanwhile
   * @throws InterruptedException when interrupted while waiting
   * @throws RabbitMqException when the connection or subscription cannot be (re)established
   */
  public List<Delivery> take(int n, Duration wait) throws InterruptedException {
    ConsumeEpoch ep = subscribe();
    Delivery first = ep.buffer().poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    if (first == null) {
      return List.of();
    }
    List<Delivery> out = new ArrayList<>(Math.min(n, 64));
    out.add(first);
    ep.buffer().drainTo(out, n - 1);
    return ep.isLive() ? out : List.of();
  }

  /**
   * The live epoch, subscribing first when there is none.
   *
   * @return the live epoch
   * @throws RabbitMqException when the connection or subscription cannot be established
   */
  public synchronized ConsumeEpoch subscribe() {
    if (closed) {
      throw new IllegalStateException(link.describe() + " is closed");
    }
    ConsumeEpoch ep = current;
    if (ep != null && ep.isLive()) {
      return ep;
    }
    if (ep != null) {
      ep.end();
      Channels.abortQuietly(ep.channel());
      current = null;
    }
    Channel ch;
    try {
      ch = link.connection().createChannel();
    } catch (IOException e) {
      throw new RabbitMqException(
          link.describe() + ": cannot open a channel: " + Errors.describe(e), e);
    }
    try {
      Topology.declare(ch, config);
      int per = perConsumer();
      ch.basicQos(per);
      ConsumeEpoch fresh = new ConsumeEpoch(++epochs, ch, per, config.subscriptions().size());
      ch.addShutdownListener(signal -> ended(fresh, Errors.describe(signal)));
      List<String> tags = new ArrayList<>();
      for (RabbitMqSubscription s : config.subscriptions()) {
        tags.add(ch.basicConsume(s.queue(), false, new Feeder(ch, fresh, s.queue())));
      }
      fresh.consumerTags(tags);
      current = fresh;
      if (subscriptions.getAndIncrement() > 0) {
        LOG.info("{}: consuming again from {} (epoch {})", link.describe(), queues(), fresh.id());
      }
      return fresh;
    } catch (IOException | RuntimeException e) {
      Channels.abortQuietly(ch);
      throw new RabbitMqException(
          link.describe() + ": cannot consume from " + queues() + ": " + Errors.describe(e), e);
    }
  }

  private int perConsumer() {
    int n = config.subscriptions().size();
    int total = Math.max(1, prefetch.getAsInt());
    return Math.min(65_535, (total + n - 1) / n);
  }

  /** Ends {@code ep} without I/O: safe on the client's threads; the channel is aborted later. */
  private void ended(ConsumeEpoch ep, String reason) {
    int buffered = ep.buffer().size();
    if (ep.end() && !closed) {
      LOG.warn(
          "{}: consume channel of {} ended ({}); {} buffered deliveries discarded, the broker"
              + " redelivers them; consuming resumes on the next fetch",
          link.describe(),
          queues(),
          reason,
          buffered);
    }
  }

  /**
   * Ends {@code ep} because settling on it timed out; its channel is aborted so that the broker
   * redelivers what it holds.
   *
   * @param ep the epoch
   * @param reason why
   */
  public void abandon(ConsumeEpoch ep, String reason) {
    ended(ep, reason);
    Thread.ofVirtual()
        .name("ergon-rabbitmq-abort")
        .start(() -> Channels.abortQuietly(ep.channel()));
  }

  private String queues() {
    return config.subscriptions().stream().map(s -> "'" + s.queue() + "'").toList().toString();
  }

  /**
   * The live epoch, if any, without subscribing.
   *
   * @return the epoch or null
   */
  public @Nullable ConsumeEpoch live() {
    ConsumeEpoch ep = current;
    return ep != null && ep.isLive() ? ep : null;
  }

  /**
   * Health details of the consume side.
   *
   * @return consumer state, epoch, prefetch, buffer size, last delivery
   */
  public Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    ConsumeEpoch ep = current;
    boolean live = ep != null && ep.isLive();
    h.put("consumer_registered", live);
    h.put("consume_channel_open", ep != null && ep.channel().isOpen());
    h.put("consumer_tags", live ? ep.consumerTags() : List.of());
    h.put("consume_epoch", ep == null ? 0L : ep.id());
    h.put("prefetch_per_consumer", ep == null ? 0 : ep.prefetchPerConsumer());
    h.put("buffered", live ? ep.buffer().size() : 0);
    h.put("recoveries", recoveries());
    Instant last = lastDelivery;
    if (last != null) {
      h.put("last_delivery_at", last.toString());
    }
    return h;
  }

  /**
   * How many times the consumers were registered again after the first time.
   *
   * @return the re-subscription count
   */
  public int recoveries() {
    return Math.max(0, subscriptions.get() - 1);
  }

  /**
   * When the last delivery arrived.
   *
   * @return the instant, or null
   */
  public @Nullable Instant lastDelivery() {
    return lastDelivery;
  }

  /** Cancels the consumers and closes the channel; unsettled deliveries go back to the queue. */
  @Override
  public synchronized void close() {
    closed = true;
    ConsumeEpoch ep = current;
    current = null;
    if (ep == null) {
      return;
    }
    for (String tag : ep.consumerTags()) {
      try {
        if (ep.channel().isOpen()) {
          ep.channel().basicCancel(tag);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("{}: cancel of consumer {} failed: {}", link.describe(), tag, Errors.describe(e));
      }
    }
    ep.end();
    Channels.closeQuietly(ep.channel());
  }

  /** Pushes deliveries into the epoch's buffer; never blocks the client's dispatch thread. */
  private final class Feeder extends DefaultConsumer {
    private final ConsumeEpoch epoch;
    private final String queue;

    Feeder(Channel channel, ConsumeEpoch epoch, String queue) {
      super(channel);
      this.epoch = epoch;
      this.queue = queue;
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
        throws IOException {
      lastDelivery = Instant.now();
      if (!epoch.isLive()) {
        return; // the channel is being aborted; the broker redelivers this one
      }
      if (!epoch.buffer().offer(new Delivery(epoch, queue, envelope, properties, body))) {
        LOG.warn("{}: buffer of '{}' full; delivery requeued", link.describe(), queue);
        getChannel().basicReject(envelope.getDeliveryTag(), true);
      }
    }

    @Override
    public void handleCancel(String consumerTag) {
      ended(epoch, "the broker cancelled the consumer of '" + queue + "'");
    }

    @Override
    public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
      ended(epoch, Errors.describe(signal));
    }
  }
}
