package dev.ergon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.connector.Connector;
import dev.ergon.examples.orders.EmbeddedServer;
import dev.ergon.examples.orders.OrderQueue;
import dev.ergon.transaction.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Property-based bad input through each connector: random transactions ({@link RandomTransactions}:
 * unicode, NUL and other controls, unpaired surrogates, big strings, edge numbers, nesting, random
 * metadata and header-like keys with garbage) dispatched one at a time and fetched back through the
 * demo's queue of each backend. Property: the transaction comes back with its id, its payload equal
 * and its metadata included, or the dispatch fails with a message naming the transaction id and the
 * field (payload or metadata); never a hang (each case under {@link #CASE_TIMEOUT}). Every case
 * runs and every violation is reported at once. {@code -Dergon.fuzz.tries} (default 40 per
 * connector) and {@code -Dergon.fuzz.seed} change the cases.
 */
class PayloadRoundTripTest {
  private static final int TRIES = Integer.getInteger("ergon.fuzz.tries", 40);
  private static final Duration CASE_TIMEOUT = Duration.ofSeconds(20);

  @TempDir static Path dir;
  private static final ExecutorService CASES = Executors.newCachedThreadPool();
  private static final List<EmbeddedServer> SERVERS = new ArrayList<>();

  @BeforeAll
  static void credentials() {
    // the AWS SDK's default chain; ElasticMQ checks none of them (as Scenarios sets them)
    System.setProperty("aws.accessKeyId", "reliability");
    System.setProperty("aws.secretAccessKey", "reliability");
    System.setProperty("aws.region", "elasticmq");
  }

  @AfterAll
  static void stop() {
    CASES.shutdownNow();
    SERVERS.forEach(EmbeddedServer::close);
  }

  @ParameterizedTest
  @EnumSource(
      value = Backend.class,
      names = {"POSTGRES", "SQLITE", "RABBITMQ", "NATS", "REDIS", "SQS", "KAFKA", "HTTP"})
  void randomTransactionsRoundTripOrFailNamingTheTransactionAndTheField(Backend b)
      throws Exception {
    String name = Workers.newName();
    OrderQueue queue = b.queue(location(b), name);
    queue.prepare();
    RandomTransactions random = new RandomTransactions(RandomTransactions.SEED + b.ordinal());
    List<String> violations = new ArrayList<>();
    int roundTripped = 0;
    int refused = 0;
    try (Connector c = queue.open()) {
      for (int i = 0; i < TRIES; i++) {
        Transaction sent = random.next("rt-" + b.label(), i);
        Future<String> run = CASES.submit(() -> roundTrip(b, c, sent));
        String verdict;
        try {
          verdict = run.get(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          run.cancel(true);
          verdict = "no answer within " + CASE_TIMEOUT;
        }
        if (verdict.equals("ok")) {
          roundTripped++;
        } else if (verdict.startsWith("refused: ")) {
          refused++;
        } else {
          violations.add(printable(sent.id() + ": " + verdict + "; sent " + sent));
        }
      }
    } finally {
      queue.delete();
    }
    System.err.printf(
        Locale.ROOT,
        "… %s: %d round-tripped, %d refused clearly, %d violations%n",
        b.label(),
        roundTripped,
        refused,
        violations.size());
    assertThat(violations).as("violations on %s", b.label()).isEmpty();
  }

  @Test
  void sqsRefusesAControlCharacterInMetadataNamingTheTransactionAndTheKey() throws Exception {
    OrderQueue queue = Backend.SQS.queue(location(Backend.SQS), Workers.newName());
    queue.prepare();
    try (Connector c = queue.open()) {
      Transaction tx =
          new Transaction("rt-sqs-control", Map.of("n", 1), Map.of("note", "a\u0002b"));

      assertThatThrownBy(() -> c.dispatchTransactions(List.of(tx)))
          .hasMessageContaining("rt-sqs-control: metadata 'note' holds U+0002 at index 1");
    } finally {
      queue.delete();
    }
  }

  /** "ok", "refused: …" for a clear refusal, or what went wrong. */
  private static String roundTrip(Backend b, Connector c, Transaction sent) throws Exception {
    try {
      c.dispatchTransactions(List.of(sent));
    } catch (Exception e) {
      String m = String.valueOf(e.getMessage());
      boolean clear =
          m.contains(sent.id())
              && (m.contains("payload") || m.contains("metadata") || m.contains("header"));
      return clear ? "refused: " + m : "dispatch failed unclearly: " + e;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (System.nanoTime() < deadline) {
      List<Transaction> got;
      try {
        got = c.fetchTransactions(10);
      } catch (Exception e) {
        return "dispatched, then the fetch failed: " + e;
      }
      Optional<Transaction> mine = got.stream().filter(t -> t.id().equals(sent.id())).findFirst();
      for (Transaction t : got) {
        c.acknowledge(t);
      }
      if (mine.isPresent()) {
        return compare(b, sent, mine.get());
      }
      Thread.sleep(20); // polling the broker; the condition, not the sleep, ends the wait
    }
    return "dispatched, never fetched";
  }

  /**
   * Metadata a connector documents as its own and does not publish: NATS leaves out the server's
   * {@code Nats-} headers (it sets {@code Nats-Msg-Id} itself), so that a transaction fetched from
   * NATS can be dispatched again.
   */
  private static boolean reserved(Backend b, String key) {
    return b == Backend.NATS && key.regionMatches(true, 0, "Nats-", 0, 5);
  }

  private static String compare(Backend b, Transaction sent, Transaction got) {
    Object payload;
    try {
      payload = got.payload(Map.class);
    } catch (RuntimeException e) {
      return "payload not readable as a mapping: " + e;
    }
    if (!payload.equals(sent.payload())) {
      return "payload changed: got " + payload;
    }
    for (Map.Entry<String, String> e : sent.metadata().entrySet()) {
      if (!reserved(b, e.getKey()) && !e.getValue().equals(got.metadata().get(e.getKey()))) {
        return "metadata '" + e.getKey() + "' changed: got " + got.metadata();
      }
    }
    return "ok";
  }

  private static String location(Backend b) throws Exception {
    return switch (b) {
      case SQS, KAFKA, HTTP -> {
        EmbeddedServer s =
            switch (b) {
              case SQS -> EmbeddedServer.sqs();
              case KAFKA -> EmbeddedServer.kafka();
              default -> EmbeddedServer.http();
            };
        SERVERS.add(s);
        yield s.address();
      }
      default -> b.defaultLocation(java.nio.file.Files.createTempDirectory(dir, b.label()));
    };
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .limit(1500)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF)) {
                b.append(String.format(Locale.ROOT, "\\u%04X", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}
