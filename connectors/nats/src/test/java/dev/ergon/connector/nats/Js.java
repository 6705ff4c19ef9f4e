package dev.ergon.connector.nats;

import static org.awaitility.Awaitility.await;

import dev.ergon.transaction.Transaction;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The NATS server with JetStream on 127.0.0.1:4222, for tests: unique names, clean-up, reads. */
final class Js implements AutoCloseable {
  static final String URL = "nats://127.0.0.1:4222";

  private final Connection connection;
  private final JetStreamManagement jsm;

  Js() throws IOException, InterruptedException {
    connection = Nats.connect(URL);
    jsm = connection.jetStreamManagement();
  }

  /**
   * Fetches until the connector hands out one transaction (at most 20 s).
   *
   * @param c the connector
   * @return the transaction
   */
  static Transaction fetchOne(NatsConnector c) {
    List<Transaction> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              got.addAll(c.fetchTransactions(1));
              return !got.isEmpty();
            });
    return got.get(0);
  }

  /** A unique stream name. */
  static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Settings for stream {@code name}, subject {@code name.in}, durable {@code name_w}, created. */
  static NatsSettings.Builder settings(String name) {
    return NatsSettings.builder().url(URL).stream(name)
        .subject(name + ".in")
        .durable(name + "_w")
        .createStream(true)
        .connectionName("ergon-test-" + name)
        .ackWait(Duration.ofSeconds(5))
        .nakDelay(Duration.ofMillis(100))
        .fetchWait(Duration.ofMillis(200));
  }

  /** The messages on {@code subject} of {@code stream}, oldest first. */
  List<MessageInfo> messages(String stream, String subject) throws IOException {
    List<MessageInfo> out = new ArrayList<>();
    long seq = 1;
    while (true) {
      try {
        MessageInfo mi = jsm.getNextMessage(stream, seq, subject);
        out.add(mi);
        seq = mi.getSeq() + 1;
      } catch (JetStreamApiException e) {
        return out;
      }
    }
  }

  /** The {@code Ergon-Transaction-Id} of each dead letter of stream {@code name}. */
  List<String> deadIds(String stream, String deadSubject) throws IOException {
    List<String> ids = new ArrayList<>();
    for (MessageInfo mi : messages(stream, deadSubject)) {
      Headers h = mi.getHeaders();
      ids.add(h == null ? "?" : h.getFirst("Ergon-Transaction-Id"));
    }
    return ids;
  }

  /** Unsettled messages of the durable: num pending plus num ack pending. */
  long unsettled(String stream, String durable) throws IOException, JetStreamApiException {
    io.nats.client.api.ConsumerInfo ci = jsm.getConsumerInfo(stream, durable);
    return ci.getNumPending() + ci.getNumAckPending();
  }

  /** The durable's max ack pending. */
  long maxAckPending(String stream, String durable) throws IOException, JetStreamApiException {
    return jsm.getConsumerInfo(stream, durable).getConsumerConfiguration().getMaxAckPending();
  }

  void deleteStream(String stream) {
    try {
      jsm.deleteStream(stream);
    } catch (IOException | JetStreamApiException e) {
      // already gone
    }
  }

  JetStreamManagement jsm() {
    return jsm;
  }

  @Override
  public void close() throws InterruptedException {
    connection.close();
  }
}
