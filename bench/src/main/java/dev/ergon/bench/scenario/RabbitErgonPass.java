package dev.ergon.bench.scenario;

import dev.ergon.bench.harness.Pass;
import dev.ergon.connector.rabbitmq.RabbitMqClientConfig;
import dev.ergon.connector.rabbitmq.RabbitMqConnector;
import dev.ergon.connector.rabbitmq.RabbitMqConsumerConfig;
import dev.ergon.connector.rabbitmq.RabbitMqProducerConfig;
import dev.ergon.engine.ConsumerHooks;
import dev.ergon.engine.Engine;
import dev.ergon.engine.RunReport;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.policy.ThreadKind;
import dev.ergon.transaction.Transaction;
import dev.ergon.transaction.TransactionException;
import java.util.List;

/**
 * Ergon's RabbitMQ connector: consume the input queue (prefetch = concurrency), publish each
 * transaction to the output queue with a publisher confirm in the success handler, then the engine
 * acknowledges the input message.
 */
final class RabbitErgonPass implements Pass {
  private final Rabbit rabbit;
  private final RabbitMqConnector connector;
  private final int expected;
  private final int concurrency;

  RabbitErgonPass(int n, int concurrency) throws Exception {
    this.rabbit = new Rabbit(n);
    this.expected = n;
    this.concurrency = concurrency;
    this.connector =
        new RabbitMqConnector(
            RabbitMqClientConfig.builder()
                .host(Rabbit.HOST)
                .port(Rabbit.PORT)
                .connectionName("ergon-bench")
                .build(),
            RabbitMqConsumerConfig.builder().queue(rabbit.in).build(),
            RabbitMqProducerConfig.toQueue(rabbit.out));
  }

  @Override
  public void run() throws Exception {
    ConsumerPolicy policy =
        ConsumerPolicy.builder("bench")
            .threads(ThreadKind.VIRTUAL)
            .mode(LoopMode.CONTINUOUS)
            .concurrency(concurrency)
            .batchSize(concurrency)
            .streaming(true)
            .limit(expected)
            .build();
    try (Engine engine = Engine.builder("bench").build()) {
      RunReport report = engine.consume(new Forward(connector), policy, connector, "input");
      if (report.succeeded() != expected) {
        throw new IllegalStateException("expected " + expected + " successes: " + report);
      }
    }
  }

  @Override
  public void close() throws Exception {
    try {
      connector.close();
    } finally {
      rabbit.close();
    }
  }

  /** Publishes the transaction onward; the dispatch waits for the broker's confirm. */
  private record Forward(RabbitMqConnector out) implements ConsumerHooks<Transaction> {
    @Override
    public Transaction processTransaction(Transaction tx) {
      return tx;
    }

    @Override
    public void handleProcessSuccess(Transaction tx, Transaction result) throws Exception {
      out.dispatchTransactions(List.of(result));
    }

    @Override
    public void handleProcessException(Transaction tx, TransactionException error) {
      throw new IllegalStateException("benchmark transaction failed: " + error, error);
    }
  }
}
