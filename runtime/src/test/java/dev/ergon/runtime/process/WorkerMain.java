package dev.ergon.runtime.process;

import dev.ergon.policy.ConsumerPolicy;
import dev.ergon.policy.SupervisionPolicy;
import dev.ergon.runtime.RunOptions;
import dev.ergon.runtime.Runner;
import dev.ergon.task.AsyncConsumerTask;
import dev.ergon.task.ConsumerTask;
import dev.ergon.task.TaskConfig;
import dev.ergon.test.InMemoryConnector;
import dev.ergon.transaction.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;

/**
 * The entry point of the worker processes that the process tests start: builds a task for a
 * scenario and calls {@code Runner.exit(Runner.run(config, options))}. It prints {@code started
 * <id>}, {@code processed <id>}, {@code acked <id>}, {@code released <id>}, {@code task exit} and
 * {@code closing <name>} lines to standard output.
 *
 * <p>Scenarios: {@code blocking <dir> <grace-s>} and {@code async <dir> <grace-s>} (a streaming
 * consumer over 20 transactions, 2 at a time in batches of 4, each blocking until the file {@code
 * <dir>/release} exists); {@code wedged <dir>} (a handler that never returns and ignores
 * interrupts, with tight supervision); {@code jsonl <file> <failing-worker>} (3 workers over a
 * JSON-lines file; the worker with that index fails, -1 for none).
 */
public final class WorkerMain {
  private WorkerMain() {}

  /**
   * Runs a scenario.
   *
   * @param args the scenario and its arguments
   */
  public static void main(String[] args) {
    Path path = Path.of(args[1]);
    int code =
        switch (args[0]) {
          case "blocking" -> Runner.run(drain(new BlockingTask(path)), grace(args[2]));
          case "blocking-parent" ->
              Runner.run(drainWorkers(() -> new BlockingTask(path), 2), grace(args[2]));
          case "async" -> Runner.run(drain(new AsyncTask(path)), grace(args[2]));
          case "wedged" -> Runner.run(wedged(), wedgedOptions());
          case "jsonl" -> Runner.run(jsonl(path, Integer.parseInt(args[2])), RunOptions.defaults());
          default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        };
    Runner.exit(code);
  }

  /** Prints a line and flushes. */
  static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private static RunOptions grace(String seconds) {
    return RunOptions.builder().shutdownGrace(Duration.ofSeconds(Long.parseLong(seconds))).build();
  }

  private static List<Transaction> transactions(String prefix, int n) {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(Transaction.of(String.format("%s-%02d", prefix, i), i));
    }
    return txs;
  }

  private static TaskConfig drain(dev.ergon.task.Task task) {
    return drainWorkers(() -> task, 1);
  }

  private static TaskConfig drainWorkers(
      java.util.function.Supplier<dev.ergon.task.Task> task, int workers) {
    return TaskConfig.builder("drain")
        .task(task)
        .maxWorkers(workers)
        .connector(
            "input",
            () -> new PrintingConnector("input", InMemoryConnector.of(transactions("tx", 20))))
        .connector("output", () -> new PrintingConnector("output", new InMemoryConnector()))
        .service("audit", () -> (AutoCloseable) () -> say("closing audit"))
        .policy(
            ConsumerPolicy.builder("consumer")
                .concurrency(2)
                .batchSize(4)
                .streaming(true)
                .fetchConnector("input")
                .build())
        .build();
  }

  private static TaskConfig wedged() {
    return TaskConfig.builder("wedged")
        .task(WedgedTask::new)
        .connector(
            "input",
            () -> new PrintingConnector("input", InMemoryConnector.of(transactions("wedged", 3))))
        .policy(ConsumerPolicy.builder("consumer").streaming(true).runtimeTimeout(null).build())
        .build();
  }

  private static RunOptions wedgedOptions() {
    return RunOptions.builder()
        .supervision(
            SupervisionPolicy.builder()
                .checkInterval(Duration.ofMillis(200))
                .startupGrace(Duration.ZERO)
                .processingStaleAfter(Duration.ofSeconds(1))
                .unhealthyGrace(Duration.ofSeconds(1))
                .shutdownGrace(Duration.ofSeconds(1))
                .build())
        .build();
  }

  private static TaskConfig jsonl(Path file, int failing) {
    return TaskConfig.builder("jsonl")
        .task(() -> new JsonLinesTask(failing))
        .maxWorkers(3)
        .connector("input", () -> JsonLinesFileConnector.forThisWorker(file))
        .policy(ConsumerPolicy.builder("consumer").concurrency(4).batchSize(10).build())
        .build();
  }

  static void awaitFile(Path file) {
    while (!Files.exists(file)) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /** Blocks each transaction until the release file exists. */
  static final class BlockingTask extends ConsumerTask<String> {
    private final Path dir;

    BlockingTask(Path dir) {
      this.dir = dir;
    }

    @Override
    public String processTransaction(Transaction tx) {
      say("started " + tx.id());
      awaitFile(dir.resolve("release"));
      say("processed " + tx.id());
      return tx.id();
    }

    @Override
    public void exit() {
      say("task exit");
    }
  }

  /** Like {@link BlockingTask}, with stages completed by another thread. */
  static final class AsyncTask extends AsyncConsumerTask<String> {
    private final Path dir;

    AsyncTask(Path dir) {
      this.dir = dir;
    }

    @Override
    public CompletionStage<String> processTransaction(Transaction tx) {
      CompletableFuture<String> f = new CompletableFuture<>();
      say("started " + tx.id());
      Thread.ofPlatform()
          .daemon(true)
          .start(
              () -> {
                awaitFile(dir.resolve("release"));
                say("processed " + tx.id());
                f.complete(tx.id());
              });
      return f;
    }

    @Override
    public CompletionStage<@org.jspecify.annotations.Nullable Void> exit() {
      say("task exit");
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Never returns, and ignores interrupts. */
  static final class WedgedTask extends ConsumerTask<String> {
    @Override
    public String processTransaction(Transaction tx) {
      say("started " + tx.id());
      while (true) {
        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos()); // an interrupt only wakes it
      }
    }
  }

  /** Prints what it processes; the worker with the failing index fails at once. */
  static final class JsonLinesTask extends ConsumerTask<String> {
    private final int failing;

    JsonLinesTask(int failing) {
      this.failing = failing;
    }

    @Override
    public void execute() throws Exception {
      if (workerIndex() == failing) {
        throw new IllegalStateException("worker " + failing + " fails on purpose");
      }
      consumeTransactions();
    }

    @Override
    public String processTransaction(Transaction tx) {
      return tx.id();
    }
  }
}
