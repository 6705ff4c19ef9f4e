package dev.ergon.bench.scenario;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.ergon.bench.harness.Pass;
import java.io.IOException;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The hand-written safe pipeline on amqp-client: one manual-ack consumer (prefetch = concurrency)
 * publishes each delivery to the output queue on a confirming channel without waiting; the confirm
 * listener acknowledges the deliveries whose publishes the broker confirmed (batched: one {@code
 * multiple} ack per confirm), so no message is acked before its copy is safe.
 */
final class RabbitHandPass implements Pass {
  private final Rabbit rabbit;
  private final int prefetch;
  private final CountDownLatch done;
  private final ConcurrentNavigableMap<Long, Long> pending = new ConcurrentSkipListMap<>();
  private final Connection connection;

  RabbitHandPass(int n, int prefetch) throws Exception {
    this.rabbit = new Rabbit(n);
    this.prefetch = prefetch;
    this.done = new CountDownLatch(n);
    this.connection = Rabbit.factory().newConnection("ergon-bench-hand");
  }

  @Override
  public void run() throws Exception {
    Channel consume = connection.createChannel();
    Channel publish = connection.createChannel();
    publish.confirmSelect();
    publish.addConfirmListener(
        (seq, multiple) -> confirmed(consume, seq, multiple),
        (seq, multiple) -> {
          throw new IOException("broker nacked publish " + seq);
        });
    consume.basicQos(prefetch);
    consume.basicConsume(
        rabbit.in,
        false,
        new DefaultConsumer(consume) {
          @Override
          public void handleDelivery(
              String tag, Envelope env, AMQP.BasicProperties props, byte[] body)
              throws IOException {
            // one consumer thread: publish order is delivery order
            pending.put(publish.getNextPublishSeqNo(), env.getDeliveryTag());
            publish.basicPublish("", rabbit.out, Rabbit.PERSISTENT, body);
          }
        });
    if (!done.await(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException(done.getCount() + " messages were never confirmed");
    }
  }

  private void confirmed(Channel consume, long seq, boolean multiple) throws IOException {
    ConcurrentNavigableMap<Long, Long> settled =
        multiple ? pending.headMap(seq, true) : pending.subMap(seq, true, seq, true);
    if (settled.isEmpty()) {
      return;
    }
    long lastTag = settled.lastEntry().getValue();
    int count = settled.size();
    // delivery tags grow with publish seqs, so one multiple ack covers every confirmed delivery
    consume.basicAck(lastTag, multiple);
    settled.clear();
    for (int i = 0; i < count; i++) {
      done.countDown();
    }
  }

  @Override
  public void close() throws Exception {
    try {
      connection.close();
    } finally {
      rabbit.close();
    }
  }
}
