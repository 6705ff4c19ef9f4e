package dev.ergon.runtime.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ergon.connector.Connector;
import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON-lines file whose lines are {@code {"id": …, "payload": …}}; worker {@code i} of
 * {@code n} takes only the lines whose index modulo {@code n} is {@code i}. Acknowledging appends
 * the id to {@code <file>.acked-<i>}, so a test can check that the workers together acknowledged
 * every id exactly once. Rejecting with requeue puts the line back.
 */
final class JsonLinesFileConnector implements Connector {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final int index;
  private final int count;
  private final Path acked;
  private @Nullable ArrayDeque<Transaction> pending;

  JsonLinesFileConnector(Path file, int index, int count) {
    this.file = file;
    this.index = index;
    this.count = count;
    this.acked = file.resolveSibling(file.getFileName() + ".acked-" + index);
  }

  /**
   * A connector for this process's worker, from {@code ERGON_WORKER_INDEX} and {@code
   * ERGON_WORKER_COUNT} (worker 0 of 1 without them): connector factories do not see the worker.
   */
  static JsonLinesFileConnector forThisWorker(Path file) {
    int i = Integer.parseInt(System.getenv().getOrDefault("ERGON_WORKER_INDEX", "0"));
    int n = Integer.parseInt(System.getenv().getOrDefault("ERGON_WORKER_COUNT", "1"));
    return new JsonLinesFileConnector(file, i, n);
  }

  static Path ackedFile(Path file, int index) {
    return file.resolveSibling(file.getFileName() + ".acked-" + index);
  }

  private ArrayDeque<Transaction> pending() throws IOException {
    if (pending == null) {
      ArrayDeque<Transaction> mine = new ArrayDeque<>();
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (i % count == index && !lines.get(i).isBlank()) {
          JsonNode node = JSON.readTree(lines.get(i));
          mine.add(Transaction.of(node.get("id").asText(), node.get("payload")));
        }
      }
      pending = mine;
    }
    return pending;
  }

  @Override
  public synchronized List<Transaction> fetchTransactions(int batchSize) throws IOException {
    ArrayDeque<Transaction> p = pending();
    List<Transaction> batch = new ArrayList<>();
    while (batch.size() < batchSize && !p.isEmpty()) {
      batch.add(p.removeFirst());
    }
    return batch;
  }

  @Override
  public void dispatchTransactions(List<Transaction> transactions) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public synchronized void acknowledge(Transaction transaction) throws IOException {
    Files.writeString(
        acked,
        transaction.id() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  @Override
  public synchronized void reject(Transaction transaction, boolean requeue) throws IOException {
    if (requeue) {
      pending().addFirst(transaction);
    }
  }
}
