package dev.ergon.connector.http;

import dev.ergon.transaction.Transaction;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM for {@link HttpKillTest}: reads {@code <items url>} with link pagination from {@code
 * <checkpoint>}, and for each item writes its id to {@code <record>} (flushed) and then
 * acknowledges it, slowly, until it is killed.
 */
public final class ReaderProcess {
  private ReaderProcess() {}

  /**
   * Runs the reader.
   *
   * @param args the items URL, the checkpoint file and the record file
   * @throws Exception when it fails
   */
  public static void main(String[] args) throws Exception {
    HttpSettings s = HttpKillTest.settings(args[0], Path.of(args[1]));
    try (HttpConnector c = new HttpConnector(s);
        PrintStream record =
            new PrintStream(new FileOutputStream(args[2], true), true, StandardCharsets.UTF_8)) {
      while (true) {
        for (Transaction tx : c.fetchTransactions(2)) {
          record.println(tx.id());
          Thread.sleep(Duration.ofMillis(20)); // the work; the parent kills us in the middle
          c.acknowledge(tx);
        }
      }
    }
  }
}
