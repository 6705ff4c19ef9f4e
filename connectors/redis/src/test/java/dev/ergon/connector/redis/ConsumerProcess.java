package dev.ergon.connector.redis;

import dev.ergon.engine.Worker;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.task.TaskConfig;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A worker process for the kill test: consumes the stream with a streaming loop; each transaction
 * appends its id to a file (unbuffered) and then never finishes, so the worker holds its entries
 * pending (kept fresh by the connector's heartbeat) until it is killed.
 *
 * <p>Arguments: stream, file, concurrency, min idle in milliseconds.
 */
public final class ConsumerProcess {
  private ConsumerProcess() {}

  /**
   * Runs the worker.
   *
   * @param args stream, file, concurrency, min idle ms
   * @throws IOException when the file cannot be opened
   */
  public static void main(String[] args) throws IOException {
    String stream = args[0];
    int concurrency = Integer.parseInt(args[2]);
    Duration minIdle = Duration.ofMillis(Long.parseLong(args[3]));
    FileOutputStream out = new FileOutputStream(args[1], true);
    CountDownLatch never = new CountDownLatch(1);
    TaskConfig config =
        TaskConfig.builder("kill-worker")
            .task(
                () ->
                    new FnConsumer(
                        tx -> {
                          byte[] line = (tx.id() + "\n").getBytes(StandardCharsets.UTF_8);
                          synchronized (out) {
                            out.write(line);
                          }
                          never.await();
                          return "ok";
                        },
                        false))
            .connector(
                "input",
                () ->
                    new RedisConnector(
                        TestRedis.settings(stream)
                            .minIdle(minIdle)
                            .consumer("doomed")
                            .clientName("ergon-kill")
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
