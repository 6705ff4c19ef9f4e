package dev.ergon.connector.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ergon.connector.kafka.KafkaOrdering;
import dev.ergon.transaction.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The ledger's rules without a broker: watermarks, hold-back by key, requeue, revocation. */
class LedgerTest {
  private static final TopicPartition TP = new TopicPartition("t", 0);

  private static List<ConsumerRecord<byte[], byte[]>> records(String... keys) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      byte[] key = keys[i] == null ? null : keys[i].getBytes(StandardCharsets.UTF_8);
      out.add(
          new ConsumerRecord<>(
              "t", 0, i, key, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static List<Transaction> take(Ledger l, int n) throws InterruptedException {
    return l.take(n, 0, h -> Codec.decode(h.record(), h.id(), h.deliveries()), () -> false)
        .transactions();
  }

  private static long due(Ledger l) {
    Map<TopicPartition, OffsetAndMetadata> d = l.due();
    return d.containsKey(TP) ? d.get(TP).offset() : -1;
  }

  @Test
  void theWatermarkIsTheLowestUnsettledOffsetWhateverOrderRecordsSettleIn() throws Exception {
    Ledger l = new Ledger(KafkaOrdering.UNORDERED);
    l.assigned(List.of(TP));
    l.add(records(null, null, null, null));
    List<Transaction> txs = take(l, 4);
    assertThat(txs).hasSize(4);
    assertThat(due(l)).isZero();
    l.settle("t/0/3");
    l.settle("t/0/1");
    assertThat(due(l)).isZero();
    l.settle("t/0/0");
    assertThat(due(l)).isEqualTo(2);
    l.release("t/0/2"); // requeued: still unsettled, handed out again
    assertThat(due(l)).isEqualTo(2);
    assertThat(take(l, 4)).extracting(Transaction::id).containsExactly("t/0/2");
    l.settle("t/0/2");
    assertThat(due(l)).isEqualTo(4);
  }

  @Test
  void aRecordWaitsWhileAnEarlierOneOfItsKeyIsInFlight() throws Exception {
    Ledger l = new Ledger(KafkaOrdering.KEY);
    l.assigned(List.of(TP));
    l.add(records("a", "a", "b", null, "a"));
    assertThat(take(l, 10)).extracting(Transaction::id).containsExactly("t/0/0", "t/0/2", "t/0/3");
    assertThat(take(l, 10)).isEmpty();
    l.settle("t/0/0");
    assertThat(take(l, 10)).extracting(Transaction::id).containsExactly("t/0/1");
    l.settle("t/0/1");
    assertThat(take(l, 10)).extracting(Transaction::id).containsExactly("t/0/4");
  }

  @Test
  void partitionOrderingHandsOutOneRecordAtATime() throws Exception {
    Ledger l = new Ledger(KafkaOrdering.PARTITION);
    l.assigned(List.of(TP));
    l.add(records("a", "b"));
    assertThat(take(l, 10)).extracting(Transaction::id).containsExactly("t/0/0");
    l.settle("t/0/0");
    assertThat(take(l, 10)).extracting(Transaction::id).containsExactly("t/0/1");
  }

  @Test
  void aRevokedPartitionCommitsItsWatermarkAndLaterSettlementsAreDroppedAndCounted()
      throws Exception {
    Ledger l = new Ledger(KafkaOrdering.UNORDERED);
    l.assigned(List.of(TP));
    l.add(records(null, null, null));
    take(l, 2);
    l.settle("t/0/0");
    Map<TopicPartition, OffsetAndMetadata> last = l.revoked(List.of(TP));
    assertThat(last.get(TP).offset()).isEqualTo(1);
    assertThat(l.settle("t/0/1")).isEqualTo(Ledger.Settled.REVOKED);
    assertThat(l.droppedSettlements()).isEqualTo(1);
    assertThat(l.counts()).containsEntry("buffered", 0L).containsEntry("in_flight", 0);
    assertThat(l.settle("t/0/9")).isEqualTo(Ledger.Settled.UNKNOWN);
  }
}
