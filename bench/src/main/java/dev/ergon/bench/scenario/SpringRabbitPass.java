package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Pass;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.BatchMessageListener;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * Spring AMQP's {@link SimpleMessageListenerContainer} with auto acknowledgement (the container
 * acks after the listener returns) and a {@link RabbitTemplate} on a confirming channel: the
 * listener publishes and waits for the confirms before it returns, so a message is acked only after
 * its copy is confirmed. Batched: one consumer receives batches of {@code prefetch} messages and
 * waits once per batch. Per message: {@code prefetch} consumers with a prefetch of one each,
 * waiting for every confirm.
 */
final class SpringRabbitPass implements Pass {
  private static final long CONFIRM_TIMEOUT_MS = 10_000;
  private final Rabbit rabbit;
  private final CachingConnectionFactory factory;
  private final RabbitTemplate template;
  private final SimpleMessageListenerContainer container;
  private final CountDownLatch done;

  SpringRabbitPass(int n, int concurrency, boolean batched) throws Exception {
    this.rabbit = new Rabbit(n);
    this.done = new CountDownLatch(n);
    this.factory = new CachingConnectionFactory(Rabbit.HOST, Rabbit.PORT);
    factory.setUsername("guest");
    factory.setPassword("guest");
    factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.SIMPLE);
    factory.setChannelCacheSize(concurrency + 1);
    this.template = new RabbitTemplate(factory);
    this.container = new SimpleMessageListenerContainer(factory);
    container.setQueueNames(rabbit.in);
    container.setAcknowledgeMode(AcknowledgeMode.AUTO);
    container.setReceiveTimeout(50);
    if (batched) {
      container.setConcurrentConsumers(1);
      container.setPrefetchCount(concurrency);
      container.setConsumerBatchEnabled(true);
      container.setBatchSize(concurrency);
      container.setMessageListener((BatchMessageListener) this::forward);
    } else {
      container.setConcurrentConsumers(concurrency);
      container.setPrefetchCount(1);
      container.setMessageListener((MessageListener) m -> forward(List.of(m)));
    }
    container.afterPropertiesSet();
  }

  private void forward(List<Message> messages) {
    template.invoke(
        t -> {
          for (Message m : messages) {
            t.send("", rabbit.out, new Message(m.getBody()));
          }
          t.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
          return null;
        });
    for (int i = 0; i < messages.size(); i++) {
      done.countDown();
    }
  }

  @Override
  public void run() throws Exception {
    container.start();
    if (!done.await(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException(done.getCount() + " messages were never forwarded");
    }
  }

  @Override
  public void close() throws Exception {
    try {
      container.stop();
      container.destroy();
      factory.destroy();
    } finally {
      rabbit.close();
    }
  }
}
