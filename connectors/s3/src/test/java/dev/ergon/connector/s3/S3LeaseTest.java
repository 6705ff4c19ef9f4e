package dev.ergon.connector.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ergon.connector.ConnectionLostException;
import dev.ergon.test.ManualClock;
import dev.ergon.transaction.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** Two workers on one prefix: leases keep them apart, and a dead worker's lease expires. */
class S3LeaseTest {
  private static final int TOTAL = 30;
  private static S3MockServer s3;

  @BeforeAll
  static void start() {
    s3 = S3MockServer.shared();
  }

  private static S3Config config(String bucket, String worker) {
    return config(bucket, worker, Duration.ofSeconds(2));
  }

  private static S3Config config(String bucket, String worker, Duration lease) {
    return s3.base(bucket)
        .prefix("in/")
        .workerId(worker)
        .leaseDuration(lease)
        .heartbeatInterval(lease.dividedBy(5))
        .build();
  }

  private static void seed(S3Connector c, int n) throws Exception {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(Transaction.of(String.format("obj-%03d.json", i), Map.of("i", i)));
    }
    c.dispatchTransactions(txs);
  }

  @Test
  void theServersConditionalPutHasExactlyOneWinner() throws Exception {
    String bucket = s3.bucket("probe");
    for (int round = 0; round < 20; round++) {
      String key = "k" + round;
      AtomicInteger wins = new AtomicInteger();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        go.await();
                        s3.admin.putObject(
                            b -> b.bucket(bucket).key(key).ifNoneMatch("*"),
                            RequestBody.fromString("x"));
                        wins.incrementAndGet();
                      } catch (Exception e) {
                        // lost the race: 412
                      }
                    }));
      }
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertThat(wins).as("round %d", round).hasValue(1);
    }
  }

  @Test
  void twoWorkersFetchingAtOnceNeverTakeTheSameObjectWhileItIsLeased() throws Exception {
    String bucket = s3.bucket("two");
    // a lease long enough that renewing 30 of them through the one-at-a-time proxy keeps up
    Duration lease = Duration.ofSeconds(6);
    try (S3Connector a = new S3Connector(config(bucket, "worker-a", lease));
        S3Connector b = new S3Connector(config(bucket, "worker-b", lease))) {
      seed(a, TOTAL);
      List<Transaction> gotA = Collections.synchronizedList(new ArrayList<>());
      List<Transaction> gotB = Collections.synchronizedList(new ArrayList<>());
      Thread other = Thread.ofPlatform().start(() -> drain(b, gotB, gotA));
      drain(a, gotA, gotB);
      other.join(Duration.ofSeconds(60));

      Set<String> idsA = ids(gotA);
      Set<String> idsB = ids(gotB);
      assertThat(gotA.size() + gotB.size()).isEqualTo(TOTAL);
      assertThat(idsA).doesNotContainAnyElementsOf(idsB);
      assertThat(idsA).isNotEmpty();
      // held past several lease durations: the heartbeat renews, so nobody takes them
      await()
          .during(lease.plusSeconds(2))
          .atMost(lease.plusSeconds(15))
          .until(() -> a.fetchTransactions(10).isEmpty() && b.fetchTransactions(10).isEmpty());
      for (Transaction tx : gotA) {
        a.acknowledge(tx);
      }
      for (Transaction tx : gotB) {
        b.acknowledge(tx);
      }
      assertThat(s3.keys(bucket, "processed/")).hasSize(TOTAL);
      assertThat(s3.keys(bucket, "in/")).isEmpty();
    }
  }

  /** Fetches without settling until the two lists hold everything, or for 30 s. */
  private static void drain(S3Connector c, List<Transaction> mine, List<Transaction> theirs) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (mine.size() + theirs.size() < TOTAL && System.nanoTime() < end) {
      try {
        mine.addAll(c.fetchTransactions(3));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static Set<String> ids(List<Transaction> txs) {
    Set<String> ids = new HashSet<>();
    txs.forEach(t -> ids.add(t.id()));
    return ids;
  }

  @Test
  void aLeaseLeftByADeadWorkerIsTakenOverOnceItExpires() throws Exception {
    String bucket = s3.bucket("dead");
    try (S3Connector b = new S3Connector(config(bucket, "worker-b"))) {
      seed(b, 1);
      Instant expires = Instant.now().plusSeconds(3);
      // what a worker that died right after taking the object leaves behind
      s3.put(
          bucket,
          "in/.leases/obj-000.json",
          "application/json",
          "{\"worker\":\"dead-worker\",\"key\":\"in/obj-000.json\",\"expires\":\""
              + expires
              + "\"}");

      assertThat(b.fetchTransactions(10)).isEmpty();
      List<Transaction> got = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                got.addAll(b.fetchTransactions(10));
                return !got.isEmpty();
              });
      assertThat(Instant.now()).isAfterOrEqualTo(expires);
      assertThat(got).extracting(Transaction::id).containsExactly("obj-000.json");
      assertThat(s3.text(bucket, "in/.leases/obj-000.json")).contains("worker-b");
      b.acknowledge(got.get(0));
      assertThat(s3.keys(bucket, "processed/")).containsExactly("processed/obj-000.json");
      assertThat(s3.keys(bucket, "in/")).isEmpty();
    }
  }

  @Test
  void aWorkerThatStopsRenewingInTimeLosesTheObjectAndCannotSettleIt() throws Exception {
    String bucket = s3.bucket("stall");
    // worker A's clock stands still: every renewal writes the same expiry, which then passes
    ManualClock frozen = new ManualClock(Instant.now());
    try (S3Connector a = new S3Connector(config(bucket, "worker-a"), frozen);
        S3Connector b = new S3Connector(config(bucket, "worker-b"))) {
      seed(a, 1);
      List<Transaction> heldByA = a.fetchTransactions(10);
      assertThat(heldByA).hasSize(1);
      List<Transaction> got = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                got.addAll(b.fetchTransactions(10));
                return !got.isEmpty();
              });
      assertThat(got).extracting(Transaction::id).containsExactly("obj-000.json");

      assertThatThrownBy(() -> a.acknowledge(heldByA.get(0)))
          .isInstanceOf(ConnectionLostException.class)
          .hasMessageContaining("obj-000.json")
          .hasMessageContaining("lost");
      assertThat(s3.keys(bucket, "in/")).contains("in/obj-000.json");
      b.acknowledge(got.get(0));
      assertThat(s3.keys(bucket, "processed/")).containsExactly("processed/obj-000.json");
    }
  }

  @Test
  void anObjectOverwrittenWhileItIsProcessedStaysAndIsDeliveredAgain() throws Exception {
    String bucket = s3.bucket("overwrite");
    try (S3Connector a = new S3Connector(config(bucket, "worker-a"))) {
      s3.put(bucket, "in/order.json", "application/json", "{\"v\":1}");
      List<Transaction> first = a.fetchTransactions(10);
      assertThat(first.get(0).payload()).isEqualTo(Map.of("v", 1));
      s3.put(bucket, "in/order.json", "application/json", "{\"v\":2}");

      a.acknowledge(first.get(0));

      assertThat(s3.keys(bucket, "processed/")).isEmpty();
      List<Transaction> second = a.fetchTransactions(10);
      assertThat(second.get(0).payload()).isEqualTo(Map.of("v", 2));
      a.acknowledge(second.get(0));
      assertThat(s3.text(bucket, "processed/order.json")).isEqualTo("{\"v\":2}");
      assertThat(s3.keys(bucket, "in/")).isEmpty();
    }
  }

  @Test
  void closingGivesTheLeasesBackSoAnotherWorkerTakesTheObjectsAtOnce() throws Exception {
    String bucket = s3.bucket("close");
    S3Connector a = new S3Connector(config(bucket, "worker-a"));
    seed(a, 3);
    assertThat(a.fetchTransactions(10)).hasSize(3);
    assertThat(s3.keys(bucket, "in/.leases/")).hasSize(3);
    a.close();
    assertThat(s3.keys(bucket, "in/.leases/")).isEmpty();
    try (S3Connector b = new S3Connector(config(bucket, "worker-b"))) {
      assertThat(b.countTransactions()).isEqualTo(3);
      assertThat(b.fetchTransactions(10)).hasSize(3);
      assertThat(b.countTransactions()).isZero();
    }
  }
}
