package dev.ergon.connector.kafka;

import dev.ergon.engine.Worker;
import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.LoopMode;
import dev.ergon.task.TaskConfig;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A worker process for the kill test: consumes a topic under the engine (continuous, streaming),
 * each transaction taking a random 1-8 ms; before it returns, it appends the record's {@code
 * partition/offset} to a file (unbuffered), so the file holds every record the engine may have
 * acknowledged, and a few it had not yet.
 *
 * <p>Arguments: bootstrap servers, topic, group, file, concurrency, max in flight.
 */
public final class WorkerProcess {
  private WorkerProcess() {}

  /**
   * Runs the worker until it is killed.
   *
   * @param args bootstrap servers, topic, group, file, concurrency, max in flight
   * @throws IOException when the file cannot be opened
   */
  public static void main(String[] args) throws IOException {
    int concurrency = Integer.parseInt(args[4]);
    FileOutputStream out = new FileOutputStream(args[3], true);
    TaskConfig config =
        TaskConfig.builder("kafka-kill-worker")
            .task(
                () ->
                    new FnConsumer(
                        tx -> {
                          Thread.sleep(ThreadLocalRandom.current().nextInt(1, 9)); // the work
                          byte[] line =
                              (tx.metadata().get("kafka.partition")
                                      + "/"
                                      + tx.metadata().get("kafka.offset")
                                      + "\n")
                                  .getBytes(StandardCharsets.UTF_8);
                          synchronized (out) {
                            out.write(line);
                          }
                          return "ok";
                        },
                        false))
            .connector(
                "input",
                () ->
                    new KafkaConnector(
                        KafkaSettings.builder()
                            .bootstrapServers(args[0])
                            .topics(args[1])
                            .group(args[2])
                            .ordering(KafkaOrdering.UNORDERED)
                            .maxInFlight(Integer.parseInt(args[5]))
                            .clientId("kill-worker")
                            // a killed member leaves the group after 6 s, not 45
                            .property("session.timeout.ms", "6000")
                            .property("heartbeat.interval.ms", "1000")
                            .build()))
            .policy(
                ConsumerPolicy.builder("consumer")
                    .mode(LoopMode.CONTINUOUS)
                    .concurrency(concurrency)
                    .batchSize(concurrency)
                    .streaming(true)
                    .emptyQueueBackoff(Duration.ofMillis(20), 1.0, null)
                    .build())
            .build();
    try (Worker worker = Worker.start(config)) {
      worker.execute();
    }
  }
}
