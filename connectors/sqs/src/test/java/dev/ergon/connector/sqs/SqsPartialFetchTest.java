package dev.ergon.connector.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ergon.transaction.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A fetch whose second ReceiveMessage fails, against ElasticMQ in this JVM reached through a TCP
 * proxy of this test's own: the proxy forwards everything until the fetch's second ReceiveMessage
 * request, which it cuts (closes both sides without forwarding it), and then refuses every
 * connection until the test heals it. The messages of the first call must come out of the fetch and
 * be acknowledged once SQS is reachable again; none may be lost.
 */
class SqsPartialFetchTest {
  private static ElasticMq sqs;
  private CuttingProxy proxy;

  @BeforeAll
  static void start() {
    sqs = new ElasticMq();
  }

  @AfterAll
  static void stop() {
    sqs.close();
  }

  @BeforeEach
  void openProxy() throws IOException {
    proxy = new CuttingProxy(sqs.endpoint.getPort());
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  private SqsConfig.Builder throughProxy(String queue) {
    return sqs.base(queue).endpoint(proxy.endpoint()).waitTime(Duration.ZERO);
  }

  private static List<Transaction> orders(int n) {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(Transaction.of("order-" + i, Map.of("n", i)));
    }
    return txs;
  }

  private static long held(String queueUrl) {
    Map<QueueAttributeName, String> a =
        sqs.admin
            .client()
            .getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return a.values().stream().mapToLong(Long::parseLong).sum();
  }

  @Test
  void aFailingSecondReceiveReturnsTheFirstCallsMessagesAndNoneIsLost() throws Exception {
    String q = ElasticMq.name("partial");
    String url = sqs.create(q);
    try (SqsConnector c = new SqsConnector(throughProxy(q).build())) {
      c.dispatchTransactions(orders(20));
      proxy.cutAtReceive(2); // the second ReceiveMessage from now on: this fetch's second call

      List<Transaction> first = c.fetchTransactions(15);

      assertThat(proxy.cuts()).as("the proxy cut the fetch's second ReceiveMessage").isOne();
      assertThat(first).as("the first call's messages, at most 10").hasSize(10);
      assertThat(held(url)).as("nothing left the queue").isEqualTo(20);

      proxy.heal();
      for (Transaction tx : first) {
        c.acknowledge(tx);
      }
      assertThat(held(url)).isEqualTo(10);
      List<Transaction> rest = c.fetchTransactions(15);
      for (Transaction tx : rest) {
        c.acknowledge(tx);
      }
      Set<String> ids = new HashSet<>();
      first.forEach(tx -> ids.add(tx.id()));
      rest.forEach(tx -> ids.add(tx.id()));
      assertThat(ids).hasSize(20).containsAll(orders(20).stream().map(Transaction::id).toList());
      assertThat(held(url)).as("every message acknowledged once").isZero();
    }
  }

  @Test
  void aFailingFirstReceiveStillThrows() throws Exception {
    String q = ElasticMq.name("partial-first");
    String url = sqs.create(q);
    try (SqsConnector c = new SqsConnector(throughProxy(q).build())) {
      c.dispatchTransactions(orders(5));
      proxy.cutAtReceive(1);

      assertThatThrownBy(() -> c.fetchTransactions(15)).isInstanceOf(SdkClientException.class);
      assertThat(proxy.cuts()).isOne();

      proxy.heal();
      List<Transaction> got = c.fetchTransactions(15);
      assertThat(got).extracting(Transaction::id).hasSize(5);
      for (Transaction tx : got) {
        c.acknowledge(tx);
      }
      assertThat(held(url)).isZero();
    }
  }

  /**
   * A TCP proxy on a free port of 127.0.0.1 to ElasticMQ. It counts the ReceiveMessage requests
   * that clients send (the name of the action, in the JSON protocol's {@code X-Amz-Target} header
   * or a query protocol body); armed with {@link #cutAtReceive}, it closes every open connection
   * when the chosen one comes, without forwarding it, and then refuses (accepts and closes at once)
   * every connection until {@link #heal}.
   */
  private static final class CuttingProxy implements AutoCloseable {
    private static final byte[] RECEIVE = "ReceiveMessage".getBytes(StandardCharsets.US_ASCII);

    private final int target;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger receives = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile int cutAt = Integer.MAX_VALUE;
    private volatile boolean refusing;

    CuttingProxy(int target) throws IOException {
      this.target = target;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofPlatform().daemon().name("proxy-accept").start(this::accept);
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Cuts the {@code n}th ReceiveMessage request counted from now, and refuses after it. */
    void cutAtReceive(int n) {
      receives.set(0);
      cutAt = n;
    }

    /** Forwards everything again and counts no more. */
    void heal() {
      cutAt = Integer.MAX_VALUE;
      refusing = false;
    }

    int cuts() {
      return cuts.get();
    }

    private void accept() {
      while (!server.isClosed()) {
        Socket client;
        try {
          client = server.accept();
        } catch (IOException e) {
          return;
        }
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        try {
          Socket upstream = new Socket();
          upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
          sockets.add(client);
          sockets.add(upstream);
          Thread.ofPlatform().daemon().name("proxy-up").start(() -> pipe(client, upstream, true));
          Thread.ofPlatform()
              .daemon()
              .name("proxy-down")
              .start(() -> pipe(upstream, client, false));
        } catch (IOException e) {
          closeQuietly(client);
        }
      }
    }

    /** Copies {@code from} to {@code to}; requests (client to server) are scanned and maybe cut. */
    private void pipe(Socket from, Socket to, boolean requests) {
      byte[] buf = new byte[16 * 1024];
      byte[] tail = new byte[0]; // the end of the previous read, for a name split over two reads
      try (InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (requests) {
            byte[] window = new byte[tail.length + n];
            System.arraycopy(tail, 0, window, 0, tail.length);
            System.arraycopy(buf, 0, window, tail.length, n);
            int found = occurrences(window);
            if (found > 0 && receives.addAndGet(found) >= cutAt) {
              refusing = true;
              cutAt = Integer.MAX_VALUE;
              cuts.incrementAndGet();
              // every open connection too: a retry must not get through on a pooled one
              sockets.forEach(CuttingProxy::closeQuietly);
              return;
            }
            int keep = Math.min(window.length, RECEIVE.length - 1);
            tail = new byte[keep];
            System.arraycopy(window, window.length - keep, tail, 0, keep);
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException closed) {
        // the other direction closed the pair, or the test closed the proxy
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }

    private static int occurrences(byte[] window) {
      int count = 0;
      outer:
      for (int i = 0; i + RECEIVE.length <= window.length; i++) {
        for (int j = 0; j < RECEIVE.length; j++) {
          if (window[i + j] != RECEIVE[j]) {
            continue outer;
          }
        }
        count++;
      }
      return count;
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }

    @Override
    public void close() {
      try {
        server.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      sockets.forEach(CuttingProxy::closeQuietly);
    }
  }
}
