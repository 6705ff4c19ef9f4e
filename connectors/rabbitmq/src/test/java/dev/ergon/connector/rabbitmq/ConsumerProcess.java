package dev.ergon.connector.rabbitmq;

import dev.ergon.engine.Worker;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.task.TaskConfig;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A worker process for the fault test: consumes a queue with a streaming loop and appends each
 * processed transaction id to a file (unbuffered, so a kill -9 loses nothing that was written)
 * before the engine acknowledges it. Runs until killed.
 *
 * <p>Arguments: queue, file, connection name, concurrency.
 */
public final class ConsumerProcess {
  private ConsumerProcess() {}

  /**
   * Runs the worker.
   *
   * @param args queue, file, connection name, concurrency
   * @throws IOException when the file cannot be opened
   */
  public static void main(String[] args) throws IOException {
    String queue = args[0];
    int concurrency = Integer.parseInt(args[3]);
    FileOutputStream out = new FileOutputStream(args[1], true);
    TaskConfig config =
        TaskConfig.builder("fault-worker")
            .task(
                () ->
                    new FnConsumer(
                        tx -> {
                          byte[] line = (tx.id() + "\n").getBytes(StandardCharsets.UTF_8);
                          synchronized (out) {
                            out.write(line);
                          }
                          return "ok";
                        },
                        false))
            .connector(
                "input",
                () ->
                    RabbitMqConnector.consumer(
                        Broker.client(args[2]),
                        RabbitMqConsumerConfig.builder()
                            .queue(queue)
                            .pollTimeout(Duration.ofMillis(200))
                            .build()))
            .policy(
                ConsumerPolicy.builder("consumer")
                    .mode(LoopMode.CONTINUOUS)
                    .concurrency(concurrency)
                    .batchSize(concurrency)
                    .streaming(true)
                    .emptyQueueBackoff(Duration.ofMillis(50), 1.0, null)
                    .build())
            .build();
    try (Worker worker = Worker.start(config)) {
      worker.execute();
    }
  }
}
